/* The C reference for issue 6: one sampling step of a vanilla RNN (batch 1, float32) written the way a C programmer
 * would for speed: GCC vector extensions at one vector width per build (VECTOR_BYTES 16, 32 or 64: SSE/NEON, AVX2,
 * AVX-512; the Makefile builds each), gcc -O3, libm tanhf/expf, and the sampling rule of docs/determinism.md section 3
 * (temperature, no top-k) with the same xoshiro256** stream. It owes nothing to the determinism contract (FMA is
 * used where the build has it, libm rounds as it likes), so its text is not CharRnn's: it is a speed peer, called
 * from benchmarks/CharRnn.Benchmarks so both are timed in one BenchmarkDotNet run.
 *
 * Matrices are packed in panels of 64 outputs, each panel input-major ([in][64]), so a panel streams front to back
 * from L2 while its sums stay in registers; the padded outputs are zero weights. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef VECTOR_BYTES
#error "build with -DVECTOR_BYTES=16, 32 or 64 (see the Makefile)"
#endif
#if VECTOR_BYTES != 16 && VECTOR_BYTES != 32 && VECTOR_BYTES != 64
#error "VECTOR_BYTES must be 16, 32 or 64"
#endif

#define LANES (VECTOR_BYTES / 4)  /* floats per vector */
#define BLOCK 64                  /* outputs per register block */
#define ACCUMULATORS (BLOCK / LANES)

typedef float vf __attribute__((vector_size(VECTOR_BYTES)));                /* aligned to its size */
typedef float vf_unaligned __attribute__((vector_size(VECTOR_BYTES), aligned(4)));

typedef struct {
    int hidden, vocab, padded_hidden, padded_vocab;
    float *wxh_t;  /* [vocab][padded_hidden]: a one-hot input reads one row */
    float *whh_p;  /* panels of [hidden][64] */
    float *why_p;  /* panels of [hidden][64] */
    float *bh, *by, *h, *a, *y; /* padded */
    uint64_t s[4];
    int id;
} rnn_reference;

/* The width this library was built for, in bits: the benchmark checks it against the library it meant to load. */
int vector_bits(void) { return VECTOR_BYTES * 8; }

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

/* y[0..padded) += W x over inputs j in order, one 64-output panel at a time, at most eight vectors of its sums held in
 * registers per pass (SSE's 16 registers hold eight sums with room for the weights; sixteen would spill). acc + w * x
 * is one FMA where the build has FMA (gcc contracts it: -ffp-contract=fast), a multiply and an add where it has not. */
#define REGISTER_BLOCK (ACCUMULATORS < 8 ? ACCUMULATORS : 8)
static void matvec_accumulate(const float *wp, const float *x, int inputs, float *y, int padded) {
    for (int o = 0; o < padded; o += BLOCK) {
        for (int b = 0; b < ACCUMULATORS; b += REGISTER_BLOCK) {
            vf acc[REGISTER_BLOCK];
            float *sums = y + o + LANES * b;
            for (int k = 0; k < REGISTER_BLOCK; k++) acc[k] = *(const vf *)(sums + LANES * k);
            const float *row = wp + (size_t)o * inputs + LANES * b;
            for (int j = 0; j < inputs; j++, row += BLOCK) {
                float xj = x[j];
                for (int k = 0; k < REGISTER_BLOCK; k++) acc[k] += *(const vf *)(row + LANES * k) * xj;
            }
            for (int k = 0; k < REGISTER_BLOCK; k++) *(vf *)(sums + LANES * k) = acc[k];
        }
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
    for (int i = 0; i < m->padded_hidden; i += LANES)
        *(vf *)(m->a + i) = *(const vf *)(m->bh + i) + *(const vf *)(column + i);
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

/* Reads count floats (a multiple of 64) with 8 independent accumulators of this build's width: the read bandwidth of
 * whatever level of the cache hierarchy holds the buffer. Returns the sum so the loads are not optimized away. */
float stream_read(const float *buffer, long count) {
    vf acc[8] = {0};
    long i = 0;
    for (; i + 8 * LANES <= count; i += 8 * LANES)
        for (int k = 0; k < 8; k++) acc[k] += *(const vf_unaligned *)(buffer + i + LANES * k);
    for (int k = 0; i < count; i += LANES, k++) acc[k] += *(const vf_unaligned *)(buffer + i); /* 512 bits: 64 left */
    for (int k = 1; k < 8; k++) acc[0] += acc[k];
    float sum = 0;
    for (int l = 0; l < LANES; l++) sum += acc[0][l];
    return sum;
}
