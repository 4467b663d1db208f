#include <QApplication>
#include <QCommandLineParser>

using namespace Qt::Literals::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"fleetwall"_s);
    QApplication::setApplicationVersion(QStringLiteral(FLEETWALL_VERSION));
    QApplication::setOrganizationName(u"Fleetwall"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"NOC dashboard for NetCloud Manager fleets"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    // TODO: the dashboard window, --headless and --demo arrive with issues 2, 3 and 5.
    return 0;
}
