/* The C reference for issue 6: one sampling step of a vanilla RNN (batch 1, float32) written the way a C programmer
 * would for speed on this machine: AVX2 + FMA intrinsics, gcc -O3 -march=native, libm tanhf/expf, and the sampling
 * rule of docs/determinism.md section 3 (temperature, no top-k) with the same xoshiro256** stream. It owes nothing
 * to the determinism contract (FMA is used, libm rounds as it likes), so its text is not CharRnn's: it is a speed
 * peer, called from benchmarks/CharRnn.Benchmarks through P/Invoke so both are timed in one BenchmarkDotNet run.
 *
 * Matrices are packed in panels of 64 outputs (8 ymm accumulators), each panel input-major ([in][64]), so a panel
 * streams front to back from L2 while its sums stay in registers; the padded outputs are zero weights. */
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 64 /* outputs per register block: 8 ymm accumulators */

typedef struct {
    int hidden, vocab, padded_hidden, padded_vocab;
    float *wxh_t;  /* [vocab][padded_hidden]: a one-hot input reads one row */
    float *whh_p;  /* panels of [hidden][64] */
    float *why_p;  /* panels of [hidden][64] */
    float *bh, *by, *h, *a, *y; /* padded */
    uint64_t s[4];
    int id;
} rnn_reference;

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static float uniform(uint64_t *s) {
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    return (float)(result >> 40) * (1.0f / 16777216.0f);
}

static int round_up(int n) { return (n + BLOCK - 1) / BLOCK * BLOCK; }

static float *zeroed(size_t count) {
    float *p = aligned_alloc(64, (count * sizeof(float) + 63) / 64 * 64);
    if (p) memset(p, 0, count * sizeof(float));
    return p;
}

/* Copies row-major W[rows][cols] into input-major dst[cols][padded_rows]. */
static void transpose(const float *w, int rows, int cols, float *dst, int padded_rows) {
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) dst[(size_t)c * padded_rows + r] = w[(size_t)r * cols + c];
}

/* Copies row-major W[rows][cols] into panels of 64 rows, each [cols][64] (rows past the end stay 0). */
static void pack(const float *w, int rows, int cols, float *dst) {
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) dst[(size_t)(r / BLOCK) * cols * BLOCK + (size_t)c * BLOCK + r % BLOCK] = w[(size_t)r * cols + c];
}

/* y[0..padded) += W x over inputs j in order, one 64-output panel at a time held in registers. */
static void matvec_accumulate(const float *wp, const float *x, int inputs, float *y, int padded) {
    for (int o = 0; o < padded; o += BLOCK) {
        __m256 acc[8];
        for (int k = 0; k < 8; k++) acc[k] = _mm256_load_ps(y + o + 8 * k);
        const float *row = wp + (size_t)o * inputs;
        for (int j = 0; j < inputs; j++, row += BLOCK) {
            __m256 xj = _mm256_broadcast_ss(x + j);
            for (int k = 0; k < 8; k++) acc[k] = _mm256_fmadd_ps(_mm256_load_ps(row + 8 * k), xj, acc[k]);
        }
        for (int k = 0; k < 8; k++) _mm256_store_ps(y + o + 8 * k, acc[k]);
    }
}

/* Weights row-major as in a CharRnn model file: wxh [hidden][vocab], whh [hidden][hidden], why [vocab][hidden]. */
rnn_reference *rnn_reference_create(int hidden, int vocab, const float *wxh, const float *whh, const float *bh,
                                    const float *why, const float *by, uint64_t seed) {
    rnn_reference *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->hidden = hidden; m->vocab = vocab;
    m->padded_hidden = round_up(hidden); m->padded_vocab = round_up(vocab);
    m->wxh_t = zeroed((size_t)vocab * m->padded_hidden);
    m->whh_p = zeroed((size_t)hidden * m->padded_hidden);
    m->why_p = zeroed((size_t)hidden * m->padded_vocab);
    m->bh = zeroed(m->padded_hidden); m->h = zeroed(m->padded_hidden); m->a = zeroed(m->padded_hidden);
    m->by = zeroed(m->padded_vocab); m->y = zeroed(m->padded_vocab);
    if (!m->wxh_t || !m->whh_p || !m->why_p || !m->bh || !m->h || !m->a || !m->by || !m->y) return NULL;
    transpose(wxh, hidden, vocab, m->wxh_t, m->padded_hidden);
    pack(whh, hidden, hidden, m->whh_p);
    pack(why, vocab, hidden, m->why_p);
    memcpy(m->bh, bh, hidden * sizeof(float));
    memcpy(m->by, by, vocab * sizeof(float));
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) m->s[i] = splitmix64(&x);
    return m;
}

void rnn_reference_destroy(rnn_reference *m) {
    if (!m) return;
    free(m->wxh_t); free(m->whh_p); free(m->why_p); free(m->bh); free(m->h); free(m->a); free(m->by); free(m->y);
    free(m);
}

/* The logits y = by + Why h (padding lanes stay 0 + 0). */
static void logits(rnn_reference *m) {
    memcpy(m->y, m->by, m->padded_vocab * sizeof(float));
    matvec_accumulate(m->why_p, m->h, m->hidden, m->y, m->padded_vocab);
}

/* a = bh + Wxh[:, id] + Whh h. */
static void preactivation(rnn_reference *m, int id) {
    const float *column = m->wxh_t + (size_t)id * m->padded_hidden;
    for (int i = 0; i < m->padded_hidden; i += 8)
        _mm256_store_ps(m->a + i, _mm256_add_ps(_mm256_load_ps(m->bh + i), _mm256_load_ps(column + i)));
    matvec_accumulate(m->whh_p, m->h, m->hidden, m->a, m->padded_hidden);
}

/* One character: logits from the current h, sample an id, feed it (h = tanh(a)). Returns the id. */
int rnn_reference_next(rnn_reference *m, float temperature) {
    logits(m);
    float max = m->y[0];
    for (int v = 1; v < m->vocab; v++) max = m->y[v] > max ? m->y[v] : max;
    float sum = 0;
    for (int v = 0; v < m->vocab; v++) sum += (m->y[v] = expf((m->y[v] - max) / temperature));
    float u = uniform(m->s) * sum, running = 0;
    int id = 0;
    for (int v = 0; v < m->vocab; v++) {
        if (m->y[v] > 0) {
            running += m->y[v];
            id = v; /* if rounding lets u reach the total: the last id with a nonzero weight */
            if (u < running) break;
        }
    }
    preactivation(m, id);
    for (int i = 0; i < m->hidden; i++) m->h[i] = tanhf(m->a[i]);
    return id;
}

/* The same two matrix products and nothing else (no exp, no tanh, no draw): the bound a step cannot beat. The
 * state does not change, so the products see the same h every step; the next id is the previous one plus one. */
int rnn_reference_products_only(rnn_reference *m) {
    logits(m);
    m->id = (m->id + 1) % m->vocab;
    preactivation(m, m->id);
    return m->id;
}

/* Reads count floats (a multiple of 64) with 8 independent AVX2 accumulators: the read bandwidth of whatever level of
 * the cache hierarchy holds the buffer. Returns the sum so the loads are not optimized away. */
float stream_read(const float *buffer, long count) {
    __m256 acc[8];
    for (int k = 0; k < 8; k++) acc[k] = _mm256_setzero_ps();
    for (long i = 0; i < count; i += 64)
        for (int k = 0; k < 8; k++) acc[k] = _mm256_add_ps(acc[k], _mm256_loadu_ps(buffer + i + 8 * k));
    for (int k = 1; k < 8; k++) acc[0] = _mm256_add_ps(acc[0], acc[k]);
    float lanes[8];
    _mm256_storeu_ps(lanes, acc[0]);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
}
