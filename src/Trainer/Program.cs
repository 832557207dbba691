using CharRnn.Training.Commands;

return CharRnnCli.Run(args, new Terminal(Console.OpenStandardOutput(), Console.Error));
