import ArgumentParser

extension Permit {
    /// Every subcommand, in the order `permit --help` lists them.
    static let commands: [ParsableCommand.Type] = [
        MigrateCommand.self,
        SeedCommand.self,
        WorkerCommand.self,
        JobsCommand.self,
        QueueCommand.self,
        BenchCommand.self,
    ]
}
