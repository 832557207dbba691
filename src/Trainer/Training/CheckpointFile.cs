using System.Runtime.InteropServices;
using System.Text;
using CharRnn.IO;

namespace CharRnn.Training;

/// <summary>
/// Reads and writes checkpoint files: the line <c>charrnn checkpoint 1</c>, a little-endian binary body (strings
/// length-prefixed UTF-8, arrays length-prefixed float32 bit patterns), then the FNV-1a 64 checksum of all before it.
/// Binary because the optimizer state is two or three times the weights and is never read by people or generators.
/// </summary>
internal static class CheckpointFile
{
    private const int Version = 1;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("charrnn checkpoint ");

    /// <exception cref="TrainingException">The file cannot be written; the previous checkpoint is then still whole.</exception>
    public static void Save(string path, Checkpoint checkpoint)
    {
        try
        {
            AtomicFile.Write(path, stream => Write(stream, checkpoint));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TrainingException.CannotWrite("--checkpoint", path, "the checkpoint", e, "; the file keeps the previous checkpoint");
        }
    }

    /// <exception cref="TrainingException">The file is missing, unreadable, not a checkpoint, of another version or damaged.</exception>
    public static Checkpoint Load(string path)
    {
        const string Fix = "resume from an intact checkpoint, or train afresh without --resume";
        if (Directory.Exists(path))
        {
            throw new TrainingException($"--resume '{path}' is a directory; give the checkpoint file in it");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TrainingException($"--resume '{path}': the checkpoint does not exist; give the --checkpoint file of an earlier run (by default the model's path + .ckpt)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrainingException($"--resume '{path}': cannot read the checkpoint: {e.Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')}");
        }

        int newline = Array.IndexOf(bytes, (byte)'\n', 0, Math.Min(bytes.Length, 64));
        if (newline < 0 || !bytes.AsSpan(0, newline).StartsWith(Magic))
        {
            throw new TrainingException($"--resume '{path}': not a charrnn checkpoint (it does not start with 'charrnn checkpoint'); give the --checkpoint file of an earlier run");
        }

        string version = Encoding.ASCII.GetString(bytes, Magic.Length, newline - Magic.Length);
        if (version != Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new TrainingException($"--resume '{path}': a checkpoint of version '{version}', but this charrnn reads version {Version}; {Fix}");
        }

        int body = bytes.Length - sizeof(ulong);
        if (body < newline + 1 || ChecksumStream.Of(bytes.AsSpan(0, body)) != BitConverter.ToUInt64(bytes, body))
        {
            throw new TrainingException($"--resume '{path}': the checkpoint is damaged (cut short or changed: its checksum does not match); {Fix}");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, newline + 1, body - newline - 1), Encoding.UTF8);
            return Read(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or OverflowException)
        {
            // The checksum matched, so the writer made this file: a mismatch here is a bug, still reported in one line.
            throw new TrainingException($"--resume '{path}': the checkpoint is inconsistent ({e.Message.TrimEnd('.')}); {Fix}");
        }
    }

    private static void Write(Stream file, Checkpoint checkpoint)
    {
        var hashed = new ChecksumStream(file);
        using (var writer = new BinaryWriter(hashed, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Encoding.ASCII.GetBytes(Version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
            writer.Write(checkpoint.Identity.Count);
            foreach ((string option, string value) in checkpoint.Identity)
            {
                writer.Write(option);
                writer.Write(value);
            }

            writer.Write(checkpoint.Epoch);
            writer.Write(checkpoint.Chunk);
            writer.Write(checkpoint.Step);
            writer.Write(checkpoint.ElapsedSeconds);
            writer.Write(checkpoint.BestValidationLoss);
            writer.Write(checkpoint.BestStep);
            writer.Write(checkpoint.History.Count);
            foreach (LossPoint point in checkpoint.History)
            {
                writer.Write(point.Step);
                writer.Write(point.TrainLoss);
                writer.Write(point.ValidationLoss);
            }

            WriteArray(writer, checkpoint.Weights);
            writer.Write(checkpoint.OptimizerSteps);
            writer.Write(checkpoint.OptimizerState.Count);
            foreach (float[] state in checkpoint.OptimizerState)
            {
                WriteArray(writer, state);
            }

            WriteArray(writer, checkpoint.CarriedState);
        }

        file.Write(BitConverter.GetBytes(hashed.Hash));
    }

    private static Checkpoint Read(BinaryReader reader)
    {
        var identity = new (string, string)[Count(reader)];
        for (int i = 0; i < identity.Length; i++)
        {
            identity[i] = (reader.ReadString(), reader.ReadString());
        }

        int epoch = reader.ReadInt32(), chunk = reader.ReadInt32();
        long step = reader.ReadInt64();
        double elapsed = reader.ReadDouble(), bestLoss = reader.ReadDouble();
        long bestStep = reader.ReadInt64();
        var history = new LossPoint[Count(reader)];
        for (int i = 0; i < history.Length; i++)
        {
            history[i] = new LossPoint(reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble());
        }

        float[] weights = ReadArray(reader);
        long optimizerSteps = reader.ReadInt64();
        var optimizerState = new float[Count(reader)][];
        for (int i = 0; i < optimizerState.Length; i++)
        {
            optimizerState[i] = ReadArray(reader);
        }

        float[] carried = ReadArray(reader);
        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new IOException("bytes follow the last array");
        }

        return new Checkpoint
        {
            Identity = identity, Epoch = epoch, Chunk = chunk, Step = step, ElapsedSeconds = elapsed,
            BestValidationLoss = bestLoss, BestStep = bestStep, History = history, Weights = weights,
            OptimizerSteps = optimizerSteps, OptimizerState = optimizerState, CarriedState = carried,
        };
    }

    // Bulk copies of the bit patterns: every platform .NET runs on is little-endian, the file's order.
    private static void WriteArray(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static float[] ReadArray(BinaryReader reader)
    {
        var values = new float[Count(reader)];
        if (reader.Read(MemoryMarshal.AsBytes(values.AsSpan())) != values.Length * sizeof(float))
        {
            throw new EndOfStreamException("an array is cut short");
        }

        return values;
    }

    private static int Count(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        return count >= 0 && count <= reader.BaseStream.Length - reader.BaseStream.Position
            ? count
            : throw new IOException($"a count of {count} is more than the file holds");
    }
}
