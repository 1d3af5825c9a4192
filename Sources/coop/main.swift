import ArgumentParser
import CoopCLI

reportPeakMemoryAtExitIfAsked()
refuseMalformedTimeOverride()
CoopCommand.main()
