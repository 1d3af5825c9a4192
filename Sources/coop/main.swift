import ArgumentParser
import CoopCLI

reportPeakMemoryAtExitIfAsked()
CoopCommand.main()
