using CharRnn.ModelFormat;

namespace CharRnn.Runtime.Tests;

public sealed class ModelFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("charrnn-test-").FullName;

    [Fact]
    public void Save_replaces_the_file_atomically_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(_directory, "nested", "m.charrnn");
        ModelFiles.Save(path, TestModels.Random(hiddenSize: 2, vocabulary: ['a', 'b'], seed: 1));
        ModelFiles.Save(path, TestModels.Random(hiddenSize: 3, vocabulary: ['a', 'b'], seed: 1));
        Assert.Equal(3, ModelFiles.Load(path).HiddenSize);
        Assert.Equal(["m.charrnn"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void CheckWritable_creates_the_directory_and_leaves_nothing_behind()
    {
        string path = Path.Combine(_directory, "new", "m.charrnn");
        ModelFiles.CheckWritable(path);
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void CheckWritable_fails_where_no_file_can_be_created()
    {
        string file = Path.Combine(_directory, "plain.txt");
        File.WriteAllText(file, "not a directory");
        Assert.ThrowsAny<IOException>(() => ModelFiles.CheckWritable(Path.Combine(file, "m.charrnn")));
    }

    [Fact]
    public void A_missing_file_says_how_to_make_one()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ModelFiles.Load(Path.Combine(_directory, "none.charrnn")));
        Assert.Contains("does not exist", error.Message);
        Assert.Contains("charrnn train", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_path_is_a_clear_error(string path)
    {
        var error = Assert.Throws<FileNotFoundException>(() => ModelFiles.Load(path));
        Assert.Contains("no model file was given", error.Message);
    }

    [Fact]
    public void A_directory_is_not_a_model_file()
    {
        var error = Assert.Throws<IOException>(() => ModelFiles.Load(_directory));
        Assert.Contains("is a directory", error.Message);
    }

    [Fact]
    public void A_bad_file_keeps_the_kind_the_line_and_the_reader_error_and_names_the_file()
    {
        string path = Path.Combine(_directory, "edited.charrnn");
        ModelFiles.Save(path, TestModels.Random(hiddenSize: 2, vocabulary: ['a', 'b'], seed: 1));
        string[] lines = File.ReadAllLines(path);
        int checksum = Array.FindIndex(lines, line => line.StartsWith("checksum ", StringComparison.Ordinal));
        lines[checksum] = "checksum fnv1a64 0000000000000000";
        File.WriteAllLines(path, lines);

        var error = Assert.Throws<ModelFormatException>(() => ModelFiles.Load(path));
        Assert.Equal(ModelProblem.ChecksumMismatch, error.Kind);
        Assert.Equal(path, error.FilePath);
        Assert.True(error.Line > checksum + 1, $"line {error.Line}");
        Assert.StartsWith($"{path}: line {error.Line}: ", error.Message, StringComparison.Ordinal);
        var inner = Assert.IsType<ModelFormatException>(error.InnerException);
        Assert.Equal((error.Kind, error.Line, error.Problem), (inner.Kind, inner.Line, inner.Problem));
        Assert.Null(inner.FilePath);
    }

    [Fact]
    public void The_file_size_limit_admits_the_largest_model_the_writer_can_produce()
    {
        long base64 = (ModelSchema.MaxParameters * 4 + 2) / 3 * 4;
        long lines = (base64 + ModelFileWriter.Base64LineLength - 1) / ModelFileWriter.Base64LineLength;
        Assert.True(base64 + lines + 64 * 1024 < ModelFiles.MaxFileBytes);
    }

    [Fact]
    public void A_binary_file_is_not_a_model()
    {
        string path = Path.Combine(_directory, "binary.charrnn");
        File.WriteAllBytes(path, [0xFF, 0xFE, 0x00, 0x81, 0xC3]);
        var error = Assert.Throws<ModelFormatException>(() => ModelFiles.Load(path));
        Assert.Contains("not UTF-8 text", error.Message);
    }

    [Fact]
    public void Errors_name_the_file_and_the_line()
    {
        string path = Path.Combine(_directory, "old.charrnn");
        File.WriteAllText(path, "charrnn 0\n");
        var error = Assert.Throws<ModelFormatException>(() => ModelFiles.Load(path));
        Assert.StartsWith(path + ": line 1: model file version '0' is not supported", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
