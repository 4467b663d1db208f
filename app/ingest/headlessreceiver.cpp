#include "ingest/headlessreceiver.h"

#include "api/headlesssync.h"

#include "core/logging.h"
#include "core/terminationsignals.h"
#include "http/httpserver.h"
#include "store/sqliteeventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace fw::ingest {

namespace {

constexpr int SummaryIntervalMs = 5000;
constexpr int StopTimeoutMs = 15'000;

bool readSecretFile(const QString &fileName, QByteArray *secret, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"Cannot read the secret file %1: %2."_s.arg(fileName, file.errorString());
        return false;
    }
    // A trailing newline from an editor or `echo` is not part of the secret.
    QByteArray content = file.read(64 * 1024);
    while (content.endsWith('\n') || content.endsWith('\r'))
        content.chop(1);
    if (content.isEmpty()) {
        *error = u"The secret file %1 is empty."_s.arg(fileName);
        return false;
    }
    *secret = content;
    return true;
}

bool parseListen(const QString &text, QHostAddress *address, quint16 *port, QString *error)
{
    const qsizetype colon = text.lastIndexOf(u':');
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.sliced(1, host.size() - 2);
    bool portOk = false;
    const uint number = text.sliced(colon + 1).toUInt(&portOk);
    const QHostAddress parsed(host);
    if (colon <= 0 || !portOk || number > 65535 || parsed.isNull()) {
        *error = u"--listen wants HOST:PORT with a numeric address, e.g. 127.0.0.1:8443, not \"%1\"."_s
                     .arg(text);
        return false;
    }
    *address = parsed;
    *port = quint16(number);
    return true;
}

bool parseSubnets(const QStringList &texts, QList<QPair<QHostAddress, int>> *subnets, QString *error)
{
    for (const QString &text : texts) {
        auto subnet = QHostAddress::parseSubnet(text.contains(u'/') ? text : text + u"/128"_s);
        if (!text.contains(u'/') && QHostAddress(text).protocol() == QAbstractSocket::IPv4Protocol)
            subnet = QHostAddress::parseSubnet(text + u"/32"_s);
        if (subnet.first.isNull()) {
            *error = u"--allow wants an address or CIDR subnet such as 203.0.113.0/24, not \"%1\"."_s
                         .arg(text);
            return false;
        }
        subnets->append(subnet);
    }
    return true;
}

bool parseProxies(const QStringList &texts, QList<QHostAddress> *proxies, QString *error)
{
    for (const QString &text : texts) {
        const QHostAddress address(text);
        if (address.isNull()) {
            *error = u"--trusted-proxy wants a numeric address, not \"%1\"."_s.arg(text);
            return false;
        }
        proxies->append(address);
    }
    return true;
}

void printLine(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
}

} // namespace

HeadlessReceiver::HeadlessReceiver(QObject *parent)
    : QObject(parent)
{
    m_summaryTimer.setInterval(SummaryIntervalMs);
    connect(&m_summaryTimer, &QTimer::timeout, this, &HeadlessReceiver::printSummary);
}

HeadlessReceiver::~HeadlessReceiver()
{
    stop();
}

void HeadlessReceiver::addOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {u"headless"_s, u"Run without a window: receive, verify and store webhooks."_s},
        {u"listen"_s, u"Address and port to receive webhooks on (port 0: any free port)."_s,
         u"HOST:PORT"_s},
        {u"path"_s, u"Webhook path (default /webhook)."_s, u"PATH"_s, u"/webhook"_s},
        {u"secret-file"_s, u"File holding the webhook secret."_s, u"FILE"_s},
        {u"second-secret-file"_s, u"File holding a second accepted secret, while rotating."_s,
         u"FILE"_s},
        {u"db"_s, u"SQLite event database (created if missing)."_s, u"FILE"_s},
        {u"tls-cert"_s, u"PEM certificate (chain) to serve HTTPS with."_s, u"FILE"_s},
        {u"tls-key"_s, u"PEM private key of --tls-cert."_s, u"FILE"_s},
        {u"allow"_s, u"Accept requests only from this address or CIDR subnet (repeatable)."_s,
         u"CIDR"_s},
        {u"trusted-proxy"_s, u"Believe X-Forwarded-For from this proxy address (repeatable)."_s,
         u"ADDR"_s},
    });
}

bool HeadlessReceiver::configure(const QCommandLineParser &parser, QString *error)
{
    for (const QString &required : {u"listen"_s, u"secret-file"_s, u"db"_s}) {
        if (!parser.isSet(required)) {
            *error = u"--headless needs --%1."_s.arg(required);
            return false;
        }
    }
    if (!parseListen(parser.value(u"listen"_s), &m_config.address, &m_config.port, error))
        return false;
    m_config.path = parser.value(u"path"_s);
    if (!m_config.path.startsWith(u'/')) {
        *error = u"--path must start with \"/\"."_s;
        return false;
    }
    if (!readSecretFile(parser.value(u"secret-file"_s), &m_config.secret, error))
        return false;
    if (parser.isSet(u"second-secret-file"_s)
        && !readSecretFile(parser.value(u"second-secret-file"_s), &m_config.secondSecret, error)) {
        return false;
    }
    if (parser.isSet(u"tls-cert"_s) != parser.isSet(u"tls-key"_s)) {
        *error = u"--tls-cert and --tls-key go together."_s;
        return false;
    }
    if (parser.isSet(u"tls-cert"_s)) {
        m_config.tls = http::loadTlsConfiguration(parser.value(u"tls-cert"_s),
                                                  parser.value(u"tls-key"_s), error);
        if (!m_config.tls)
            return false;
    }
    m_databasePath = parser.value(u"db"_s);
    return parseSubnets(parser.values(u"allow"_s), &m_config.allowed, error)
        && parseProxies(parser.values(u"trusted-proxy"_s), &m_config.trustedProxies, error);
}

bool HeadlessReceiver::start(QString *error)
{
    m_store = std::make_unique<store::SqliteEventStore>();
    const QString storeError = m_store->open(m_databasePath);
    if (!storeError.isEmpty()) {
        *error = storeError;
        return false;
    }
    // Direct: the lines are written on the store's thread into stdio's buffer, so an alert
    // storm does not wake this thread once per commit.
    connect(m_store.get(), &store::EventStore::eventsCommitted, this, &HeadlessReceiver::printEvents,
            Qt::DirectConnection);
    connect(m_store.get(), &store::EventStore::storageError, this, [](const QString &message) {
        qCWarning(lcIngest).noquote() << "storage error:" << message;
    });

    m_listener = std::make_unique<WebhookListener>(m_store.get());
    if (!m_listener->start(m_config)) {
        *error = m_listener->errorString() + u'.';
        return false;
    }
    if (!installSignalHandlers(error))
        return false;

    const QString scheme = m_config.tls ? u"https"_s : u"http"_s;
    printLine(u"listening on %1://%2:%3%4 database %5\n"_s
                  .arg(scheme, m_config.address.toString())
                  .arg(m_listener->port())
                  .arg(m_config.path, m_databasePath)
                  .toUtf8());
    std::fflush(stdout);
    m_started = true;
    m_sinceSummary.start();
    m_summaryTimer.start();
    return true;
}

void HeadlessReceiver::stop()
{
    if (m_stopped || !m_started)
        return;
    m_stopped = true;
    m_summaryTimer.stop();
    if (!m_listener->stop(StopTimeoutMs))
        qCWarning(lcIngest) << "some commits did not finish within" << StopTimeoutMs << "ms";
    m_store->close();
    printSummary();
}

quint16 HeadlessReceiver::port() const
{
    return m_listener ? m_listener->port() : 0;
}

bool HeadlessReceiver::installSignalHandlers(QString *error)
{
    auto *signals_ = new core::TerminationSignals(this);
    // The first signal stops; a second one while stopping changes nothing.
    connect(signals_, &core::TerminationSignals::received, this, &HeadlessReceiver::onSignal,
            Qt::SingleShotConnection);
    return signals_->install(error);
}

void HeadlessReceiver::onSignal()
{
    printLine("stopping: answering the commits in flight\n");
    stop();
    Q_EMIT finished(0);
}

void HeadlessReceiver::printEvents(const QList<store::Event> &events)
{
    // Cheap on purpose: under an alert storm this runs for thousands of events a second.
    QByteArray out;
    out.reserve(events.size() * 96);
    for (const store::Event &event : events) {
        out += "stored #" + QByteArray::number(event.seq) + " router " + event.alert.routerId.toUtf8()
            + ' ' + event.alert.type.toUtf8() + ": " + event.title.toUtf8() + '\n';
    }
    printLine(out);
}

void HeadlessReceiver::printSummary()
{
    const ListenerStats stats = m_listener->stats();
    const double seconds = std::max<qint64>(m_sinceSummary.restart(), 1) / 1000.0;
    const double rate = double(stats.storedEvents - m_storedAtSummary) / seconds;
    m_storedAtSummary = stats.storedEvents;
    printLine(u"summary: %1 events/s, %2 pushes acknowledged, %3 events stored, %4 duplicates, "
              "%5 rejected\n"_s.arg(rate, 0, 'f', 0)
                  .arg(stats.acceptedPushes)
                  .arg(stats.storedEvents)
                  .arg(stats.duplicateEvents)
                  .arg(stats.rejected())
                  .toUtf8());
    std::fflush(stdout);
}

int runHeadless(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"fleetwall"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(FLEETWALL_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Fleetwall headless webhook receiver"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    HeadlessReceiver::addOptions(parser);
    api::addHeadlessSyncOptions(parser);
    parser.process(app); // exits with a message on unknown options

    // Into a pipe or file the event lines go out in blocks; the summary flushes them.
    if (!::isatty(STDOUT_FILENO))
        std::setvbuf(stdout, nullptr, _IOFBF, 1 << 16);

    QString error;
    HeadlessReceiver receiver;
    if (!receiver.configure(parser, &error) || !receiver.start(&error)) {
        std::fprintf(stderr, "fleetwall: %s\n", qPrintable(error));
        return 2;
    }
    // With --api-keys-file the NCM side runs on the same schedule as in the dashboard.
    const std::unique_ptr<api::HeadlessSync> sync =
        api::startHeadlessSync(parser, receiver.store(), nullptr, &error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "fleetwall: %s\n", qPrintable(error));
        return 2;
    }
    if (sync) {
        QObject::connect(sync.get(), &api::HeadlessSync::statusMessage, &receiver, [](const QString &line) {
            std::printf("api: %s\n", qPrintable(line));
            std::fflush(stdout);
        });
    }
    QObject::connect(&receiver, &HeadlessReceiver::finished, &app, &QCoreApplication::exit);
    return app.exec();
}

} // namespace fw::ingest
