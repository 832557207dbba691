using System.Numerics;

namespace CharRnn.Training.Optimizers;

/// <summary>The update rules <c>--optimizer</c> chooses from.</summary>
internal enum OptimizerKind
{
    Adam,
    Adagrad,
    RmsProp,
    Sgd,
}

/// <summary>
/// Updates the flat parameter array from its gradient, one element at a time; each rule keeps its own per-element
/// state. A new rule is one more subclass and one more <see cref="OptimizerKind"/>.
/// </summary>
internal abstract class Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private double _learningRate;

    protected Optimizer(double learningRate) => LearningRate = learningRate;

    /// <summary>The step size; the learning-rate schedule changes it between steps.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            _learningRate = value;
            Rate = T.CreateTruncating(value);
        }
    }

    /// <summary>
    /// The rule's per-element state (Adam's moments, the running squares), for checkpoints: a run restored from
    /// these arrays and <see cref="StepCount"/> continues exactly as the saved one would have.
    /// </summary>
    public virtual IReadOnlyList<T[]> State => [];

    /// <summary>Steps taken, where the rule depends on it (Adam's bias correction); 0 otherwise.</summary>
    public virtual long StepCount { get => 0; set { } }

    /// <summary><see cref="LearningRate"/> in the element type.</summary>
    protected T Rate { get; private set; }

    /// <summary>Applies one update to <paramref name="parameters"/>, moving against <paramref name="gradients"/>.</summary>
    public abstract void Step(Span<T> parameters, ReadOnlySpan<T> gradients);

    public static Optimizer<T> Create(OptimizerKind kind, double learningRate, int parameterCount) => kind switch
    {
        OptimizerKind.Adam => new Adam<T>(learningRate, parameterCount),
        OptimizerKind.Adagrad => SquaredGradientOptimizer<T>.Adagrad(learningRate, parameterCount),
        OptimizerKind.RmsProp => SquaredGradientOptimizer<T>.RmsProp(learningRate, parameterCount),
        OptimizerKind.Sgd => new Sgd<T>(learningRate),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown optimizer"),
    };

    /// <summary>
    /// Learning rates that train a char-RNN well: Adam's and RMSprop's from char-rnn, Adagrad's from min-char-rnn;
    /// plain SGD needs a large step because the loss is a mean over the batch (1.0 diverges on Tiny Shakespeare).
    /// </summary>
    public static double DefaultLearningRate(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Adam => 2e-3,
        OptimizerKind.Adagrad => 0.1,
        OptimizerKind.RmsProp => 2e-3,
        OptimizerKind.Sgd => 0.5,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown optimizer"),
    };

    protected static void CheckLengths(Span<T> parameters, ReadOnlySpan<T> gradients, int stateLength)
    {
        if (parameters.Length != gradients.Length || (stateLength >= 0 && parameters.Length != stateLength))
        {
            throw new ArgumentException("The parameters, gradients and optimizer state differ in length.");
        }
    }
}
