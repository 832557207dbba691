using CharRnn.Training.Optimizers;

namespace CharRnn.Trainer.Tests;

public class OptimizerTests
{
    [Fact]
    public void Sgd_steps_against_the_gradient() => Assert.Equal([0.5, 2.25], Step(OptimizerKind.Sgd, 0.5, [1, 2], [1, -0.5]));

    [Fact]
    public void Adam_first_step_is_the_learning_rate_against_the_sign()
    {
        double[] after = Step(OptimizerKind.Adam, 0.01, [1, 2], [3, -0.2]);
        Assert.Equal(0.99, after[0], 1e-8);
        Assert.Equal(2.01, after[1], 1e-8);
    }

    [Fact]
    public void Adagrad_first_step_is_the_learning_rate_against_the_sign()
    {
        double[] after = Step(OptimizerKind.Adagrad, 0.1, [1, 2], [4, -0.5]);
        Assert.Equal(0.9, after[0], 1e-8);
        Assert.Equal(2.1, after[1], 1e-8);
    }

    [Fact]
    public void RmsProp_first_step_divides_by_the_root_of_a_twentieth_of_the_square()
    {
        double[] after = Step(OptimizerKind.RmsProp, 0.01, [1], [2]);
        Assert.Equal(1 - 0.01 / Math.Sqrt(0.05), after[0], 1e-8);
    }

    [Theory]
    [InlineData(nameof(OptimizerKind.Adam))]
    [InlineData(nameof(OptimizerKind.Adagrad))]
    [InlineData(nameof(OptimizerKind.RmsProp))]
    [InlineData(nameof(OptimizerKind.Sgd))]
    public void Every_optimizer_minimises_a_quadratic(string name)
    {
        OptimizerKind kind = Enum.Parse<OptimizerKind>(name);
        // f(θ) = Σ c_i (θ_i − 1)², gradient 2 c_i (θ_i − 1).
        double[] curvature = [0.05, 0.2, 0.4];
        double[] theta = [0, 3, -2];
        var optimizer = Optimizer<double>.Create(kind, Optimizer<double>.DefaultLearningRate(kind) * (kind == OptimizerKind.Sgd ? 1 : 10), theta.Length);
        var gradient = new double[theta.Length];
        for (int step = 0; step < 3000; step++)
        {
            for (int i = 0; i < theta.Length; i++)
            {
                gradient[i] = 2 * curvature[i] * (theta[i] - 1);
            }

            optimizer.Step(theta, gradient);
        }

        Assert.All(theta, value => Assert.Equal(1, value, 0.05));
    }

    [Fact]
    public void Lengths_must_match() =>
        Assert.Throws<ArgumentException>(() => Optimizer<float>.Create(OptimizerKind.Adam, 0.1, 3).Step(new float[3], new float[2]));

    private static double[] Step(OptimizerKind kind, double learningRate, double[] parameters, double[] gradients)
    {
        Optimizer<double>.Create(kind, learningRate, parameters.Length).Step(parameters, gradients);
        return parameters;
    }
}
