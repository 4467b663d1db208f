#include "relayprogram.h"

#include "core/logging.h"
#include "http/httpserver.h"
#include "relay/ackstore.h"
#include "relay/storeeventlog.h"
#include "relay/tokenstore.h"
#include "store/sqliteeventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSocketNotifier>

#include "core/terminationsignals.h"

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace fw::relay {

namespace {

constexpr int StopTimeoutMs = 15'000;

bool parseHostPort(const QString &option, const QString &text, QHostAddress *address, quint16 *port,
                   QString *error)
{
    const qsizetype colon = text.lastIndexOf(u':');
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.sliced(1, host.size() - 2);
    bool ok = false;
    const uint number = text.sliced(colon + 1).toUInt(&ok);
    const QHostAddress parsed(host);
    if (colon <= 0 || !ok || number > 65535 || parsed.isNull()) {
        *error = u"--%1 wants HOST:PORT with a numeric address, e.g. 0.0.0.0:9443, not \"%2\"."_s.arg(option, text);
        return false;
    }
    *address = parsed;
    *port = quint16(number);
    return true;
}

bool readSecret(const QString &fileName, QByteArray *secret, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"Cannot read the secret file %1: %2."_s.arg(fileName, file.errorString());
        return false;
    }
    // The first line is the secret; an editor's trailing newline is not part of it.
    *secret = file.read(64 * 1024).split('\n').value(0).trimmed();
    if (secret->isEmpty()) {
        *error = u"The secret file %1 is empty."_s.arg(fileName);
        return false;
    }
    return true;
}

bool parseCount(const QCommandLineParser &parser, const QString &option, qint64 maximum, qint64 *value,
                QString *error)
{
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const qint64 number = parser.value(option).toLongLong(&ok);
    if (!ok || number < 0 || number > maximum) {
        *error = u"--%1 wants a whole number from 0 to %2, not \"%3\"."_s.arg(option).arg(maximum).arg(
                parser.value(option));
        return false;
    }
    *value = number;
    return true;
}

void printLine(const QString &line)
{
    std::fprintf(stdout, "%s\n", qPrintable(line));
    std::fflush(stdout);
}

} // namespace

RelayProgram::RelayProgram() = default;

RelayProgram::~RelayProgram() = default;

void RelayProgram::addOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {u"listen"_s, u"Address for NCM's pushes and /healthz."_s, u"HOST:PORT"_s},
        {u"ws-listen"_s, u"Address for the dashboards' WebSocket."_s, u"HOST:PORT"_s},
        {u"status-listen"_s, u"Address for GET /status (keep it on loopback)."_s, u"HOST:PORT"_s},
        {u"secret-file"_s, u"File holding the webhook secret."_s, u"FILE"_s},
        {u"tokens-file"_s, u"The dashboards' tokens (hashed)."_s, u"FILE"_s},
        {u"db"_s, u"SQLite database."_s, u"FILE"_s},
        {u"tls-cert"_s, u"PEM certificate chain; with --tls-key both listeners use TLS."_s, u"FILE"_s},
        {u"tls-key"_s, u"PEM private key (unencrypted)."_s, u"FILE"_s},
        {u"path"_s, u"Webhook path (default /webhook)."_s, u"PATH"_s},
        {u"retention-days"_s, u"Delete events older than this (default 30, 0 keeps all)."_s, u"DAYS"_s},
        {u"retention-events"_s, u"Keep at most this many events (default 0: no cap)."_s, u"N"_s},
        {u"max-dashboards"_s, u"Concurrent dashboard streams (default 256)."_s, u"N"_s},
    });
}

bool RelayProgram::configure(const QCommandLineParser &parser, QString *error)
{
    for (const QString &required : {u"listen"_s, u"ws-listen"_s, u"secret-file"_s, u"tokens-file"_s, u"db"_s}) {
        if (!parser.isSet(required)) {
            *error = u"--%1 is required (see --help)."_s.arg(required);
            return false;
        }
    }
    if (!parseHostPort(u"listen"_s, parser.value(u"listen"_s), &m_listenerConfig.address,
                       &m_listenerConfig.port, error)
        || !parseHostPort(u"ws-listen"_s, parser.value(u"ws-listen"_s), &m_wsAddress, &m_wsPort, error))
        return false;
    m_statusEnabled = parser.isSet(u"status-listen"_s);
    if (m_statusEnabled
        && !parseHostPort(u"status-listen"_s, parser.value(u"status-listen"_s), &m_statusAddress, &m_statusPort,
                          error))
        return false;
    if (!readSecret(parser.value(u"secret-file"_s), &m_listenerConfig.secret, error))
        return false;
    if (parser.isSet(u"path"_s))
        m_listenerConfig.path = parser.value(u"path"_s);

    qint64 days = 30, events = 0, dashboards = m_relayConfig.maxConnections;
    if (!parseCount(parser, u"retention-days"_s, 36500, &days, error)
        || !parseCount(parser, u"retention-events"_s, qint64(1) << 40, &events, error)
        || !parseCount(parser, u"max-dashboards"_s, 10000, &dashboards, error))
        return false;
    m_relayConfig.retentionDays = int(days);
    m_relayConfig.retentionEvents = events;
    m_relayConfig.maxConnections = int(std::max<qint64>(1, dashboards));

    if (parser.isSet(u"tls-cert"_s) != parser.isSet(u"tls-key"_s)) {
        *error = u"--tls-cert and --tls-key go together."_s;
        return false;
    }
    if (parser.isSet(u"tls-cert"_s)) {
        auto tls = http::loadTlsConfiguration(parser.value(u"tls-cert"_s), parser.value(u"tls-key"_s), error);
        if (!tls)
            return false;
        m_listenerConfig.tls = tls;
        m_relayConfig.tls = tls;
    }
    m_databasePath = parser.value(u"db"_s);
    m_tokensPath = parser.value(u"tokens-file"_s);
    return true;
}

bool RelayProgram::start(QString *error)
{
    m_tokens = std::make_unique<TokenStore>(m_tokensPath);
    if (!m_tokens->load(error))
        return false;
    if (m_tokens->entries().isEmpty())
        qCWarning(lcRelay) << "No dashboard token exists yet: add one with \"fleetwall-relay token add NAME\"";

    m_store = std::make_unique<store::SqliteEventStore>();
    if (const QString failure = m_store->open(m_databasePath); !failure.isEmpty()) {
        *error = failure;
        return false;
    }
    m_log = std::make_unique<StoreEventLog>(m_store.get());
    m_acks = std::make_unique<AckStore>(m_databasePath);
    if (!m_log->open(error) || !m_acks->open(error))
        return false;

    m_server = std::make_unique<RelayServer>(m_relayConfig, m_log.get(), m_acks.get(), m_tokens.get());
    if (!m_server->listen(m_wsAddress, m_wsPort)) {
        *error = m_server->errorString();
        return false;
    }
    m_server->pruneNow();
    connect(m_server.get(), &RelayServer::shutdownFinished, this, [this] {
        m_store->close();
        Q_EMIT finished(0);
    });

    m_listener = std::make_unique<ingest::WebhookListener>(m_store.get());
    if (!m_listener->start(m_listenerConfig)) {
        *error = m_listener->errorString();
        return false;
    }
    if (m_statusEnabled) {
        m_statusServer = std::make_unique<http::HttpServer>();
        m_statusServer->setSyncHandler([this](const http::HttpRequest &request) { return status(request); });
        if (!m_statusServer->listen(m_statusAddress, m_statusPort)) {
            *error = u"Cannot listen for status requests: %1."_s.arg(m_statusServer->errorString());
            return false;
        }
    }
    if (!installSignalHandlers(error))
        return false;

    const QString scheme = m_relayConfig.tls ? u"s"_s : QString();
    printLine(u"fleetwall-relay: webhook http%1://%2:%3%4"_s.arg(scheme, m_listenerConfig.address.toString())
                      .arg(m_listener->port()).arg(m_listenerConfig.path));
    printLine(u"fleetwall-relay: dashboards ws%1://%2:%3/"_s.arg(scheme, m_wsAddress.toString())
                      .arg(m_server->serverPort()));
    if (m_statusServer)
        printLine(u"fleetwall-relay: status http://%1:%2/status"_s.arg(m_statusAddress.toString())
                          .arg(m_statusServer->serverPort()));
    return true;
}

http::HttpResponse RelayProgram::status(const http::HttpRequest &request)
{
    if (request.method != "GET")
        return {405, {{"Allow", "GET"}}, "Use GET.\n"};
    if (request.path == "/healthz"_L1)
        return http::HttpResponse::text(m_stopping ? 503 : 200, m_stopping ? "stopping\n" : "ok\n");
    if (request.path != "/status"_L1)
        return http::HttpResponse::text(404, "Not found.\n");

    // Dashboard names and addresses are for the NOC only: loopback, or a dashboard's token.
    const QByteArray authorization = request.header("Authorization");
    const bool tokenOk = authorization.startsWith("Bearer ")
            && m_server->verifyToken(QString::fromLatin1(authorization.sliced(7))).verdict
                    == TokenStore::Verdict::Valid;
    if (!request.peer.isLoopback() && !tokenOk)
        return http::HttpResponse::text(401, "A dashboard token is required.\n");
    return http::HttpResponse::json(200, QJsonDocument(m_server->status()).toJson(QJsonDocument::Compact));
}

bool RelayProgram::installSignalHandlers(QString *error)
{
    auto *signals_ = new core::TerminationSignals(this);
    connect(signals_, &core::TerminationSignals::received, this, &RelayProgram::onSignal);
    return signals_->install(error);
}

void RelayProgram::onSignal()
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcRelay) << "Stopping: answering the pushes in flight, closing the streams";
    // Blocks until every push whose commit is in flight has its answer.
    if (!m_listener->stop(StopTimeoutMs))
        qCWarning(lcRelay) << "Some pushes were still unanswered when the listener stopped";
    if (!m_store->flush(StopTimeoutMs))
        qCWarning(lcRelay) << "The store did not finish its commits in time";
    m_server->shutdown(); // finished() follows once every stream is closed
}

int runTokenCommand(const QCommandLineParser &parser)
{
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(1);
    const bool needsName = action == "add"_L1 || action == "revoke"_L1;
    if (args.value(0) != "token"_L1 || !(needsName || action == "list"_L1)
        || args.size() != (needsName ? 3 : 2)) {
        std::fprintf(stderr, "fleetwall-relay: use \"token add NAME\", \"token revoke NAME\" or \"token list\".\n");
        return 2;
    }
    if (!parser.isSet(u"tokens-file"_s)) {
        std::fprintf(stderr, "fleetwall-relay: token commands need --tokens-file FILE.\n");
        return 2;
    }
    TokenStore tokens(parser.value(u"tokens-file"_s));
    QString error;
    bool ok = tokens.load(&error);
    if (ok && action == "list"_L1) {
        for (const auto &entry : tokens.entries()) {
            printLine(u"%1\t%2\tcreated %3%4"_s.arg(entry.name, entry.id, entry.createdAt.toString(Qt::ISODate),
                                                      entry.isRevoked() ? u"\trevoked "_s
                                                                      + entry.revokedAt.toString(Qt::ISODate)
                                                                        : QString()));
        }
        return 0;
    }
    std::optional<QString> token;
    if (ok && action == "add"_L1)
        ok = (token = tokens.add(args.at(2), &error)).has_value();
    else if (ok)
        ok = tokens.revoke(args.at(2), &error);
    ok = ok && tokens.save(&error);
    if (!ok) {
        std::fprintf(stderr, "fleetwall-relay: %s\n", qPrintable(error));
        return 1;
    }
    if (token)
        printLine(*token); // shown once: only its hash is kept
    return 0;
}

} // namespace fw::relay
