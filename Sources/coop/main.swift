import ArgumentParser
import CoopCLI

reportPeakMemoryAtExitIfAsked()
refuseMalformedTimeOverride()
refuseInvalidUTF8Arguments()
CoopCommand.runCommandLine()
