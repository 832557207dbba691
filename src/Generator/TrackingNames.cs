namespace CharRnn.Generator;

/// <summary>Names of the pipeline steps, so a test can check which steps re-ran after an edit.</summary>
internal static class TrackingNames
{
    /// <summary>Each class carrying <c>[CharRnnModel]</c>, read into a <see cref="TargetClass"/>.</summary>
    public const string Targets = nameof(Targets);

    /// <summary>Each <c>*.charrnn</c> additional file, parsed into a <see cref="ModelFileResult"/>.</summary>
    public const string ModelFiles = nameof(ModelFiles);

    /// <summary>The <c>CharRnnMaxParameters</c> limit read from the project.</summary>
    public const string ParameterLimit = nameof(ParameterLimit);

    /// <summary>The model files that more than one class bakes.</summary>
    public const string SharedModels = nameof(SharedModels);

    /// <summary>Each class joined with the model file its attribute names.</summary>
    public const string Specs = nameof(Specs);

    /// <summary>The project's budget of string-literal characters for weights (<see cref="StringBudget"/>).</summary>
    public const string StringBudget = nameof(StringBudget);

    /// <summary>The classes whose weights are baked as u8 literals (<see cref="Generator.LiteralPlan"/>).</summary>
    public const string LiteralPlan = nameof(LiteralPlan);
}
