using CharRnn.ModelFormat;
using CharRnn.Training.Cells;

namespace CharRnn.Trainer.Tests;

public class OneHotGradientTests
{
    // Layer 0's Wxh gradient is added by scattered adds for a few rows and through its transpose for many: rows taken
    // 10 at a time (scattered) and 200 at once (transposed) must give the same bits, each element summing its rows in order.
    [Fact]
    public void Few_rows_and_many_rows_add_the_one_hot_gradient_to_the_same_bits()
    {
        const int vocabulary = 13, rows = 200, chunk = 10;
        var network = new RnnNetwork<float>(CellType.Lstm, vocabulary, hiddenSize: 6, layers: 1);
        int width = network.GateRows;
        var random = new Random(3);
        int[] ids = [.. Enumerable.Range(0, rows).Select(_ => random.Next(vocabulary))];
        float[] gateGradients = [.. Enumerable.Range(0, rows * width).Select(_ => (float)(random.NextDouble() - 0.5))];
        float[] previous = new float[rows * network.HiddenSize];

        int[] Accumulate(int rowsAtOnce)
        {
            var scratch = new BackwardBuffers<float>(network, streams: rowsAtOnce, maxSteps: 1);
            float[] gradients = new float[network.Parameters.Length];
            for (int first = 0; first < rows; first += rowsAtOnce)
            {
                gateGradients.AsSpan(first * width, rowsAtOnce * width).CopyTo(scratch.InputGradient);
                LayerProducts.AccumulateGradients<float>(network, 0, ids.AsSpan(first, rowsAtOnce), [],
                    previous.AsSpan(first * network.HiddenSize, rowsAtOnce * network.HiddenSize), scratch, rowsAtOnce, [], gradients);
            }

            return [.. network.InputWeights(gradients, 0).ToArray().Select(BitConverter.SingleToInt32Bits)];
        }

        Assert.True(chunk < 2 * vocabulary && rows >= 2 * vocabulary); // one way each
        int[] scattered = Accumulate(chunk), transposed = Accumulate(rows);
        Assert.Equal(scattered, transposed);
        Assert.Contains(scattered, bits => bits != 0);
    }
}
