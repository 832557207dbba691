namespace CharRnn.ModelFormat;

/// <summary>The recurrent cell a model is built from.</summary>
public enum CellType
{
    /// <summary>The vanilla (Elman) RNN: <c>h = tanh(Wxh·x + Whh·h + bh)</c>.</summary>
    Rnn,
}
