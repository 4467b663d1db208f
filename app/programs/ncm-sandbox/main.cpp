// ncm-sandbox: an emulator of the NCM v2 API with a simulated fleet pushing signed webhooks.
#include "api/apikeys.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxserver.h"
#include "sandbox/ncmformat.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include "core/terminationsignals.h"

#include <csignal>
#include <cstdio>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using fw::sandbox::Sandbox;
using fw::sandbox::SandboxOptions;

namespace {

// SIGTERM and SIGINT end the event loop, so destructors run and sockets close cleanly.
void installSignalHandlers(QCoreApplication &app)
{
    auto *signals_ = new fw::core::TerminationSignals(&app);
    QObject::connect(signals_, &fw::core::TerminationSignals::received, &app, &QCoreApplication::quit);
    QString error;
    if (!signals_->install(&error))
        std::fprintf(stderr, "ncm-sandbox: %s\n", qPrintable(error));
}

struct Listen
{
    QHostAddress address;
    quint16 port = 0;
};

std::optional<Listen> parseListen(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    QHostAddress address(host == u"localhost"_s ? u"127.0.0.1"_s : host);
    if (!ok || port > 65535 || address.isNull())
        return std::nullopt;
    return Listen{address, quint16(port)};
}

int fail(const QString &sentence)
{
    std::fprintf(stderr, "ncm-sandbox: %s\n", qPrintable(sentence));
    return 2;
}

template<typename T>
bool readNumber(const QCommandLineParser &parser, const QString &name, T low, T high, T *value)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const QString text = parser.value(name);
    const double number = text.toDouble(&ok);
    if (!ok || number < double(low) || number > double(high))
        return false;
    *value = T(number);
    return std::is_floating_point_v<T> || double(*value) == number;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"ncm-sandbox"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(FLEETWALL_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Emulates the NCM v2 API and a fleet that pushes signed webhooks."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {u"listen"_s, u"Address and port to serve on (port 0: any free port)."_s, u"host:port"_s, u"127.0.0.1:8480"_s},
        {u"routers"_s, u"Routers in the simulated fleet (0 to 100000)."_s, u"n"_s, u"250"_s},
        {u"seed"_s, u"Seed of the simulation; the same seed gives the same fleet."_s, u"s"_s, u"1"_s},
        {u"speed"_s, u"How much faster than real time simulated time runs."_s, u"x"_s, u"1"_s},
        {u"start"_s, u"Simulated start time (ISO-8601); default now."_s, u"time"_s},
        {u"api-keys-file"_s, u"File with cp_api_id, cp_api_key, ecm_api_id, ecm_api_key lines."_s, u"file"_s},
        {u"tls-cert"_s, u"PEM certificate for HTTPS."_s, u"file"_s},
        {u"tls-key"_s, u"PEM private key for HTTPS."_s, u"file"_s},
        {u"rate-limit"_s, u"Calls per minute per API key before 429 (0: none)."_s, u"n"_s, u"0"_s},
        {u"fault-rate"_s, u"Share of calls answered 500 or 503 (0 to 1)."_s, u"f"_s, u"0"_s},
        {u"latency-ms"_s, u"Added latency before every answer."_s, u"ms"_s, u"0"_s},
        {u"push-insecure"_s, u"Accept any TLS certificate from push destinations (self-signed receivers)."_s},
    });
    if (!parser.parse(QCoreApplication::arguments()))
        return fail(parser.errorText() % u'.');
    if (parser.isSet(u"help"_s))
        parser.showHelp(0);
    if (parser.isSet(u"version"_s))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return fail(u"Unexpected argument \"%1\"."_s.arg(parser.positionalArguments().front()));

    SandboxOptions options;
    if (!readNumber(parser, u"routers"_s, 0, Sandbox::kMaxRouters, &options.routers))
        return fail(u"--routers takes a whole number from 0 to 100000."_s);
    bool seedOk = false;
    options.seed = parser.value(u"seed"_s).toULongLong(&seedOk);
    if (!seedOk)
        return fail(u"--seed takes a non-negative whole number."_s);
    if (!readNumber(parser, u"speed"_s, 0.001, 1000000.0, &options.speed))
        return fail(u"--speed takes a number from 0.001 to 1000000."_s);
    if (!readNumber(parser, u"rate-limit"_s, 0, 1000000, &options.api.rateLimitPerMinute))
        return fail(u"--rate-limit takes a whole number of calls per minute, 0 for none."_s);
    if (!readNumber(parser, u"fault-rate"_s, 0.0, 1.0, &options.api.faultRate))
        return fail(u"--fault-rate takes a share from 0 to 1."_s);
    if (!readNumber(parser, u"latency-ms"_s, 0, 60000, &options.api.latencyMs))
        return fail(u"--latency-ms takes a whole number from 0 to 60000."_s);
    if (parser.isSet(u"start"_s) && !fw::sandbox::parseIsoTime(parser.value(u"start"_s), &options.startUs))
        return fail(u"--start takes an ISO-8601 time such as 2026-01-01T00:00:00+00:00."_s);
    options.ignorePushTlsErrors = parser.isSet(u"push-insecure"_s);

    const std::optional<Listen> listen = parseListen(parser.value(u"listen"_s));
    if (!listen)
        return fail(u"--listen takes an address and a port, such as 127.0.0.1:8480."_s);
    if (!parser.isSet(u"api-keys-file"_s))
        return fail(u"--api-keys-file is required: the sandbox checks the four NCM keys."_s);
    const fw::api::ApiKeysResult keys = fw::api::readApiKeysFile(parser.value(u"api-keys-file"_s));
    if (!keys.keys)
        return fail(keys.error);
    options.api.keys = *keys.keys;
    if (parser.isSet(u"tls-cert"_s) != parser.isSet(u"tls-key"_s))
        return fail(u"--tls-cert and --tls-key go together."_s);

    Sandbox sandbox(options);
    fw::sandbox::SandboxServer server(sandbox);
    QString error;
    if (parser.isSet(u"tls-cert"_s)
        && !server.setTls(parser.value(u"tls-cert"_s), parser.value(u"tls-key"_s), &error))
        return fail(error);
    if (!server.listen(listen->address, listen->port, &error))
        return fail(u"Cannot listen on %1: %2"_s.arg(parser.value(u"listen"_s), error));

    installSignalHandlers(app);
    sandbox.start();
    std::printf("ncm-sandbox: listening on %s\n", qPrintable(server.apiBaseUrl().toString()));
    std::fflush(stdout);
    return app.exec();
}
