import CoopCLI

CoopCommand.main()
