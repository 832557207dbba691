namespace CharRnn;

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
