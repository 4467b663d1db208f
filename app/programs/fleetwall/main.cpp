#include "app/guiapp.h"
#include "ingest/headlessreceiver.h"

#include <cstring>

namespace {

// Modes that run without a window are chosen before any QApplication exists, so a server
// needs no display.
bool hasArgument(int argc, char *argv[], const char *name)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0)
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (hasArgument(argc, argv, "--headless"))
        return fw::ingest::runHeadless(argc, argv);

    return fw::ui::runGui(argc, argv);
}
