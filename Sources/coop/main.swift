import ArgumentParser
import CoopCLI

CoopCommand.main()
