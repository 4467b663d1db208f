#include "ingest/headlessreceiver.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstring>

using namespace Qt::Literals::StringLiterals;

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

    QApplication app(argc, argv);
    QApplication::setApplicationName(u"fleetwall"_s);
    QApplication::setApplicationVersion(QStringLiteral(FLEETWALL_VERSION));
    QApplication::setOrganizationName(u"Fleetwall"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"NOC dashboard for NetCloud Manager fleets"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({u"headless"_s, u"Receive and store webhooks without a window (see --headless --help)."_s});
    parser.process(app);

    // TODO: the dashboard window and --demo arrive with issues 3 and 5.
    return 0;
}
