#include "relayprogram.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"fleetwall-relay"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(FLEETWALL_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"Receives NCM's signed webhooks and streams them to Fleetwall dashboards (fleetwall-relay/1).\n"
            "Tokens: fleetwall-relay token add|revoke|list [NAME] --tokens-file FILE"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    fw::relay::RelayProgram::addOptions(parser);
    parser.addPositionalArgument(u"command"_s, u"\"token add NAME\", \"token revoke NAME\" or \"token list\"."_s,
                                 u"[token add|revoke|list [NAME]]"_s);
    if (!parser.parse(app.arguments())) {
        std::fprintf(stderr, "fleetwall-relay: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(u"help"_s))
        parser.showHelp(0);
    if (parser.isSet(u"version"_s))
        parser.showVersion();

    if (!parser.positionalArguments().isEmpty())
        return fw::relay::runTokenCommand(parser);

    fw::relay::RelayProgram program;
    QString error;
    if (!program.configure(parser, &error) || !program.start(&error)) {
        std::fprintf(stderr, "fleetwall-relay: %s\n", qPrintable(error));
        return 2;
    }
    QObject::connect(&program, &fw::relay::RelayProgram::finished, &app, &QCoreApplication::exit);
    return app.exec();
}
