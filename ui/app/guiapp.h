#pragma once

namespace fw::ui {

// The dashboard's main(): command line, settings, session, window, and with --demo an
// ncm-sandbox child process that the window is wired to. Returns the exit code.
int runGui(int argc, char *argv[]);

} // namespace fw::ui
