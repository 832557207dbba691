using System;
using System.Collections.Generic;
#if !CHARRNN_GENERATOR
using CharRnn.CompilerServices;
#endif

namespace CharRnn
{
    /// <summary>The recurrent cell a model is built from.</summary>
    public enum CellType
    {
        /// <summary>The vanilla (Elman) RNN: <c>h = tanh(Wxh·x + Whh·h + bh)</c>.</summary>
        Rnn,

        /// <summary>
        /// The LSTM, gate blocks in PyTorch's order i, f, g, o: <c>c = σ(f)⊙c + σ(i)⊙tanh(g)</c>, <c>h = σ(o)⊙tanh(c)</c>.
        /// </summary>
        Lstm,

        /// <summary>
        /// The GRU, gate blocks in PyTorch's order r, z, n: <c>n = tanh(x_n + bh_n + σ(r)⊙(Whh_n·h + bhn))</c>,
        /// <c>h = (1 − σ(z))⊙n + σ(z)⊙h</c>.
        /// </summary>
        Gru,
    }
}

namespace CharRnn.Cells
{
    /// <summary>
    /// Every cell a model can be built from, described once. Adding a cell: a value in <see cref="CellType"/>, its
    /// description here, its step in <c>CompilerServices</c>, and its layer (forward and backward) in the trainer.
    /// </summary>
    internal static class CellCatalog
    {
        /// <summary>The vanilla RNN: <c>h = tanh(bh + Wxh·x + Whh·h)</c>; its scratch holds the pre-activation.</summary>
        public static CellDescription Rnn { get; } = new(
            CellType.Rnn, "rnn", gateCount: 1, hasCellState: false, scratchBlocks: 1, extraBiases: [], stepClass: "RnnCell");

        /// <summary>The LSTM, gates <c>[i, f, g, o]</c>; it carries c beside h, and its scratch holds the four gates.</summary>
        public static CellDescription Lstm { get; } = new(
            CellType.Lstm, "lstm", gateCount: 4, hasCellState: true, scratchBlocks: 4, extraBiases: [], stepClass: "LstmCell");

        /// <summary>
        /// The GRU, gates <c>[r, z, n]</c>, with <c>bhn</c>, the recurrent bias of n that sits inside the reset product; its
        /// scratch holds the input half and the recurrent half of the gates apart.
        /// </summary>
        public static CellDescription Gru { get; } = new(
            CellType.Gru, "gru", gateCount: 3, hasCellState: false, scratchBlocks: 6, extraBiases: ["bhn"], stepClass: "GruCell");

    #if !CHARRNN_GENERATOR
        // The dynamic path calls each cell's step through its description; generated code calls it by name.
        static CellCatalog()
        {
            Rnn.Step = RnnCell.Step;
            Rnn.Int8Step = RnnCell.Step;
            Lstm.Step = LstmCell.Step;
            Lstm.Int8Step = LstmCell.Step;
            Gru.Step = GruCell.Step;
            Gru.Int8Step = GruCell.Step;
        }

    #endif
        /// <summary>Every cell, in the order of <see cref="CellType"/>.</summary>
        public static IReadOnlyList<CellDescription> All { get; } = [Rnn, Lstm, Gru];

        /// <summary>The names a user may give, for error messages: <c>rnn, lstm, gru</c>.</summary>
        public static string KnownNames { get; } = string.Join(", ", Names());

        /// <summary>The description of <paramref name="cell"/>.</summary>
        public static CellDescription For(CellType cell)
        {
            foreach (CellDescription description in All)
            {
                if (description.Type == cell)
                {
                    return description;
                }
            }

            throw new ArgumentOutOfRangeException(nameof(cell), cell, "unknown cell type");
        }

        /// <summary>The lower-case name of <paramref name="cell"/>, as model files and the command line spell it.</summary>
        public static string Name(CellType cell) => For(cell).Name;

        /// <summary>Parses a cell name; false when it names no known cell.</summary>
        public static bool TryParse(string text, out CellType cell)
        {
            foreach (CellDescription description in All)
            {
                if (description.Name == text)
                {
                    cell = description.Type;
                    return true;
                }
            }

            cell = default;
            return false;
        }

        private static IEnumerable<string> Names()
        {
            foreach (CellDescription description in All)
            {
                yield return description.Name;
            }
        }
    }
}
