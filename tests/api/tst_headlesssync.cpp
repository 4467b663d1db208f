#include "api/headlesssync.h"
#include "api/backfill.h"
#include "api/callledger.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxserver.h"
#include "store/eventstore.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;
using namespace fw::api;

namespace {

class CountingStore final : public fw::store::EventStore
{
public:
    void append(QList<fw::store::Event> events, QObject *context, Done done) override
    {
        stored += int(events.size());
        const int inserted = int(events.size());
        QTimer::singleShot(0, context, [this, done, inserted, events] {
            Q_EMIT eventsCommitted(events);
            done({true, {}, inserted, 0});
        });
    }
    int stored = 0;
};

} // namespace

class tst_HeadlessSync final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void commandLine_data();
    void commandLine();
    void runsTheSchedule();

private:
    QString writeKeys(const QByteArray &text);

    QTemporaryDir m_dir;
};

void tst_HeadlessSync::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString tst_HeadlessSync::writeKeys(const QByteArray &text)
{
    static int n = 0;
    const QString path = m_dir.filePath(u"keys%1"_s.arg(++n));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(text);
    return path;
}

void tst_HeadlessSync::commandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("started");
    QTest::addColumn<QString>("errorPart"); // empty: no error

    const QString good = writeKeys("cp_api_id=a\ncp_api_key=b\necm_api_id=c\necm_api_key=d\n");
    const QString bad = writeKeys("cp_api_id=a\n");
    const QString state = m_dir.filePath(u"state.ini"_s);
    QTest::newRow("API off without keys") << QStringList() << false << QString();
    QTest::newRow("started") << QStringList{u"--api-keys-file"_s, good, u"--api-base"_s, u"http://127.0.0.1:9/api/v2/"_s,
                                            u"--clock-speed"_s, u"60"_s, u"--api-state-file"_s, state}
                             << true << QString();
    QTest::newRow("bad keys file") << QStringList{u"--api-keys-file"_s, bad} << false << u"does not set cp_api_key"_s;
    QTest::newRow("missing keys file") << QStringList{u"--api-keys-file"_s, m_dir.filePath(u"none"_s)} << false
                                       << u"Cannot read the API keys file"_s;
    QTest::newRow("clock speed not a number") << QStringList{u"--api-keys-file"_s, good, u"--clock-speed"_s, u"fast"_s}
                                              << false << u"--clock-speed takes a number"_s;
    QTest::newRow("clock speed zero") << QStringList{u"--api-keys-file"_s, good, u"--clock-speed"_s, u"0"_s} << false
                                      << u"--clock-speed takes a number"_s;
    QTest::newRow("api base not http") << QStringList{u"--api-keys-file"_s, good, u"--api-base"_s, u"ftp://x/"_s} << false
                                       << u"--api-base takes an http or https URL"_s;
}

void tst_HeadlessSync::commandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, started);
    QFETCH(QString, errorPart);

    QCommandLineParser parser;
    addHeadlessSyncOptions(parser);
    QVERIFY(parser.parse(QStringList{u"fleetwall"_s} + arguments));

    CountingStore store;
    QString error;
    auto sync = startHeadlessSync(parser, &store, nullptr, &error);
    QCOMPARE(sync != nullptr, started);
    if (errorPart.isEmpty())
        QCOMPARE(error, QString());
    else
        QVERIFY2(error.contains(errorPart), qPrintable(error));
}

void tst_HeadlessSync::runsTheSchedule()
{
    fw::sandbox::SandboxOptions sandboxOptions;
    sandboxOptions.routers = 100;
    sandboxOptions.speed = 3600; // an hour a second, like the client below
    sandboxOptions.api.keys = {"a", "b", "c", "d"};
    fw::sandbox::Sandbox sandbox(sandboxOptions);
    fw::sandbox::SandboxServer server(sandbox);
    QString error;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0, &error));
    sandbox.start();
    // The back-fill needs history to fetch: wait until the simulated fleet has raised alerts.
    QTRY_VERIFY_WITH_TIMEOUT(!sandbox.engine().alerts().empty(), 15000);

    HeadlessSyncOptions options;
    options.apiBase = server.apiBaseUrl();
    options.clockSpeed = 3600;
    options.stateFile = m_dir.filePath(u"schedule.ini"_s);
    CountingStore store;
    HeadlessSync headless({"a", "b", "c", "d"}, options, &store, nullptr);
    QStringList lines;
    connect(&headless, &HeadlessSync::statusMessage, this, [&lines](const QString &line) { lines.append(line); });
    headless.start();

    // Sync, then back-fill, then a reconciliation two simulated hours later.
    QTRY_VERIFY_WITH_TIMEOUT(lines.filter(u"reconcile:"_s).size() >= 1, 15000);
    QVERIFY2(lines.value(1).startsWith(u"sync: done"_s), qPrintable(lines.join(u" | "_s)));
    QVERIFY2(lines.value(2).startsWith(u"back-fill:"_s), qPrintable(lines.join(u" | "_s)));
    QVERIFY(headless.ledger()->total() < 20);
    QVERIFY(store.stored > 0);
    QVERIFY(headless.backfill()->watermark().isValid());
}

QTEST_GUILESS_MAIN(tst_HeadlessSync)
#include "tst_headlesssync.moc"
