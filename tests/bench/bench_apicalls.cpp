// figure: api_calls_per_day_1000_routers = N calls
//
// Runs ncm-sandbox (the built program from FLEETWALL_BIN_DIR) with 1,000 routers at
// --speed X and the API side of `fleetwall --headless` (fw::api::HeadlessSync, the class
// main() runs) at --clock-speed X against it for 24 simulated hours, then reads the
// sandbox's own request counter from GET /sandbox/stats. Budget: 50 calls a day.
#include "api/callledger.h"
#include "api/headlesssync.h"
#include "api/pushdestinations.h"
#include "store/eventstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int s_routers = 1000;
constexpr qint64 s_dayMs = 24LL * 3600 * 1000;

// Back-filled alerts are accepted and dropped: this benchmark counts calls only.
class NullStore final : public fw::store::EventStore
{
public:
    void append(QList<fw::store::Event> events, QObject *context, Done done) override
    {
        const int inserted = int(events.size());
        QTimer::singleShot(0, context, [done, inserted] { done({true, {}, inserted, 0}); });
    }
};

template<typename Predicate>
bool waitFor(Predicate done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

QJsonObject fetchStats(QNetworkAccessManager &network, const QUrl &apiBase)
{
    QNetworkReply *reply = network.get(QNetworkRequest(apiBase.resolved(QUrl(u"/sandbox/stats"_s))));
    waitFor([reply] { return reply->isFinished(); }, 30000);
    const QJsonObject stats = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return stats;
}

int fail(const char *sentence)
{
    std::fprintf(stderr, "bench_apicalls: %s\n", sentence);
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const double speed = qEnvironmentVariableIsSet("FLEETWALL_BENCH_SPEED")
        ? qEnvironmentVariable("FLEETWALL_BENCH_SPEED").toDouble()
        : 1440.0; // one simulated day a minute
    const QString program = qEnvironmentVariable("FLEETWALL_BIN_DIR") + u"/ncm-sandbox"_s;
    if (!QFile::exists(program))
        return fail("ncm-sandbox is not built: build the ncm-sandbox target first (FLEETWALL_BIN_DIR).");

    QTemporaryDir dir;
    const QString keysFile = dir.filePath(u"keys"_s);
    QFile keys(keysFile);
    if (!keys.open(QIODevice::WriteOnly))
        return fail("cannot write the keys file.");
    keys.write("cp_api_id=bench\ncp_api_key=bench-key\necm_api_id=bench-ecm\necm_api_key=bench-ecm-key\n");
    keys.close();

    QProcess sandbox;
    sandbox.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    sandbox.start(program, {u"--listen"_s, u"127.0.0.1:0"_s, u"--routers"_s, QString::number(s_routers),
                            u"--speed"_s, QString::number(speed), u"--api-keys-file"_s, keysFile});
    if (!sandbox.waitForStarted(10000) || !waitFor([&sandbox] { return sandbox.canReadLine(); }, 30000))
        return fail("ncm-sandbox did not start.");
    const QByteArray banner = sandbox.readLine().trimmed();
    const QUrl apiBase(QString::fromUtf8(banner.mid(banner.indexOf("http"))));

    // A destination to watch, as after the webhook setup; its creation is not counted.
    const auto parsedKeys = fw::api::readApiKeysFile(keysFile);
    QNetworkAccessManager network;
    fw::api::HeadlessSyncOptions options;
    options.apiBase = apiBase;
    options.clockSpeed = speed;
    options.stateFile = dir.filePath(u"state.ini"_s);
    NullStore store;
    QString destinationId;
    {
        fw::api::HeadlessSync setupSide(*parsedKeys.keys, options, &store, nullptr);
        setupSide.destinations()->create(u"bench"_s, QUrl(u"http://127.0.0.1:9/webhook"_s), "0123", &app,
                                         [&destinationId](const std::optional<fw::api::DestinationInfo> &info, const QString &) {
                                             destinationId = info ? info->id : u"-"_s;
                                         });
        waitFor([&destinationId] { return !destinationId.isEmpty(); }, 30000);
    }
    options.destinationId = destinationId;

    const qint64 before = fetchStats(network, apiBase).value("total"_L1).toInteger();
    fw::api::HeadlessSync headless(*parsedKeys.keys, options, &store, nullptr);
    QObject::connect(&headless, &fw::api::HeadlessSync::statusMessage, &app, [](const QString &line) {
        std::printf("  %s\n", qPrintable(line));
    });
    headless.start();

    // Up to just before the next day's full sync: one day's worth of schedule.
    const qint64 realDayMs = qint64(double(s_dayMs) / speed);
    QElapsedTimer elapsed;
    elapsed.start();
    waitFor([&] { return elapsed.elapsed() >= realDayMs - 500; }, int(realDayMs + 10000));

    const QJsonObject stats = fetchStats(network, apiBase);
    const qint64 calls = stats.value("total"_L1).toInteger() - before;
    const QJsonObject endpoints = stats.value("endpoints"_L1).toObject();
    for (auto it = endpoints.begin(); it != endpoints.end(); ++it)
        std::printf("  sandbox counted %s: %lld (with the destination's creation)\n", qPrintable(it.key()), it.value().toInteger());
    std::printf("  client ledger counted %lld calls today\n", headless.ledger()->callsToday());
    std::printf("figure: api_calls_per_day_1000_routers = %lld calls\n", calls);

    sandbox.terminate();
    sandbox.waitForFinished(10000);
    return calls <= 50 ? 0 : 1;
}
