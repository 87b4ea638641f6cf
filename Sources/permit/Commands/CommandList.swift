import ArgumentParser

extension Permit {
    /// Every subcommand, in the order `permit --help` lists them.
    static let commands: [ParsableCommand.Type] = [
        MigrateCommand.self,
        SeedCommand.self,
        DemoCommand.self,
        StaffCommand.self,
        PasswordCommand.self,
        WhoAmICommand.self,
        EmployerCommand.self,
        CitiesCommand.self,
        RegionsCommand.self,
        ApplicantCommand.self,
        RegistryCommand.self,
        CaseCommand.self,
        EndorsementCommand.self,
        DiagramCommand.self,
        CalendarCommand.self,
        DatabaseCommand.self,
        WorkerCommand.self,
        JobsCommand.self,
        QueueCommand.self,
        DoctorCommand.self,
        ServeCommand.self,
        BenchCommand.self,
        AuditCommand.self,
    ]
}
