#include "api/backfill.h"
#include "api/callledger.h"
#include "api/clock.h"
#include "api/fakeeventstore.h"
#include "api/fakencmserver.h"
#include "api/fleetrecords.h"
#include "api/ncmclient.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::api;
using fw::test::FakeEventStore;
using fw::test::FakeNcmServer;
using fw::test::FakeRequest;
using fw::test::FakeResponse;
using fw::test::listPage;

namespace {

// Enough of an alert parser for these rows; the real one is fw::ncm::parseAlert.
std::optional<fw::ncm::Alert> testParser(const QJsonObject &object, QString *error)
{
    if (!object.value("type"_L1).isString()) {
        *error = u"the alert has no type."_s;
        return std::nullopt;
    }
    fw::ncm::Alert alert;
    alert.type = object.value("type"_L1).toString();
    alert.routerId = referenceId(object.value("router"_L1));
    alert.createdAt = parseNcmTime(object.value("created_at"_L1).toString());
    alert.createdAtTimeuuid = object.value("created_at_timeuuid"_L1).toString();
    alert.json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return alert;
}

QByteArray alert(int n)
{
    return u"{\"type\": \"wwan_connected\", \"router\": \"https://x/api/v2/routers/%1/\", \"created_at\": \"2026-01-01T10:%2:00.000123+00:00\", \"created_at_timeuuid\": \"uuid-%1\"}"_s
        .arg(n)
        .arg(n, 2, 10, QLatin1Char('0'))
        .toUtf8();
}

} // namespace

class tst_Backfill final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void fillsGapWithoutDuplicates();
    void queryCarriesWatermark();
    void firstRunLooksBackOneDay();
    void badAlertStoresNothing_data();
    void badAlertStoresNothing();
    void watermarkFollowsCommittedEvents();
    void watermarkSourceKeepsMicroseconds();

private:
    std::tuple<int, int, int, QString> runAndWait();

    std::unique_ptr<FakeNcmServer> m_server;
    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<NcmClient> m_client;
    std::unique_ptr<FakeEventStore> m_store;
    std::unique_ptr<Backfill> m_backfill;
};

void tst_Backfill::init()
{
    m_server = std::make_unique<FakeNcmServer>();
    QVERIFY(m_server->start());
    m_clock = std::make_unique<SystemClock>(1000.0, QDateTime(QDate(2026, 1, 2), QTime(12, 0), Qt::UTC));
    ClientOptions options;
    options.baseUrl = m_server->baseUrl();
    m_client = std::make_unique<NcmClient>(ApiKeys{"a", "b", "c", "d"}, options, m_clock.get(), nullptr);
    m_store = std::make_unique<FakeEventStore>();
    m_backfill = std::make_unique<Backfill>(m_client.get(), m_store.get(), testParser);
}

void tst_Backfill::cleanup()
{
    m_backfill.reset();
    m_store.reset();
    m_client.reset();
    m_server.reset();
}

std::tuple<int, int, int, QString> tst_Backfill::runAndWait()
{
    QSignalSpy finished(m_backfill.get(), &Backfill::finished);
    m_backfill->run();
    [&] { QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000); }();
    const QList<QVariant> args = finished.value(0);
    return {args.value(0).toInt(), args.value(1).toInt(), args.value(2).toInt(), args.value(3).toString()};
}

void tst_Backfill::fillsGapWithoutDuplicates()
{
    // Alerts 1..3 arrived by push; 4..6 were missed. NCM returns 3..6 over two pages.
    QList<fw::store::Event> pushed;
    for (int n = 1; n <= 3; ++n) {
        fw::store::Event event;
        event.alert = *testParser(QJsonDocument::fromJson(alert(n)).object(), nullptr);
        pushed.append(event);
    }
    m_store->append(pushed, this, [](const fw::store::AppendResult &) {});
    QTRY_VERIFY(m_backfill->watermark().isValid());

    const QUrl base = m_server->baseUrl();
    m_server->setHandler([base](const FakeRequest &request) {
        if (request.query.hasQueryItem(u"offset"_s))
            return FakeResponse::json(listPage({alert(5), alert(6)}));
        return FakeResponse::json(listPage({alert(3), alert(4)}, base.toString() + u"alerts/?offset=2&limit=2"_s));
    });

    const auto [fetched, inserted, duplicates, error] = runAndWait();
    QCOMPARE(error, QString());
    QCOMPARE(fetched, 4);
    QCOMPARE(inserted, 3);
    QCOMPARE(duplicates, 1);
    QCOMPARE(m_store->stored.size(), 6);
    QCOMPARE(m_store->stored.last().source, fw::store::Source::Backfill);
    QCOMPARE(m_backfill->watermark(), parseNcmTime(u"2026-01-01T10:06:00.000123Z"_s));
}

void tst_Backfill::queryCarriesWatermark()
{
    m_server->setHandler([](const FakeRequest &) { return FakeResponse::json(listPage({})); });
    m_backfill->setWatermark(parseNcmTime(u"2026-01-01T10:00:00.123456+00:00"_s));

    const auto [fetched, inserted, duplicates, error] = runAndWait();
    QCOMPARE(error, QString());
    QCOMPARE(fetched, 0);
    const FakeRequest &request = m_server->requests().first();
    QCOMPARE(request.path, u"/api/v2/alerts/"_s);
    QVERIFY2(request.target.contains("created_at__gt=2026-01-01T10:00:00.123000%2B00:00"), request.target.constData());
    QVERIFY(!request.query.hasQueryItem(u"order_by"_s));
    QCOMPARE(m_store->appends, 0);
}

void tst_Backfill::firstRunLooksBackOneDay()
{
    m_server->setHandler([](const FakeRequest &) { return FakeResponse::json(listPage({})); });
    runAndWait();
    const QString since = m_server->requests().first().query.queryItemValue(u"created_at__gt"_s);
    QVERIFY2(since.startsWith(u"2026-01-01T12:00"_s), qPrintable(since));
}

void tst_Backfill::badAlertStoresNothing_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("alert without type") << listPage({alert(1), R"({"router": null})"}) << u"has no type"_s;
    QTest::newRow("alert not an object") << listPage({alert(1), "42"}) << u"not an object"_s;
    QTest::newRow("not JSON") << QByteArray("<html>") << u"not JSON"_s;
}

void tst_Backfill::badAlertStoresNothing()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, errorPart);

    m_server->setHandler([body](const FakeRequest &) { return FakeResponse::json(body); });
    const auto [fetched, inserted, duplicates, error] = runAndWait();
    QVERIFY2(error.contains(errorPart), qPrintable(error));
    QCOMPARE(m_store->appends, 0);
    QVERIFY(!m_backfill->isRunning());
}

void tst_Backfill::watermarkFollowsCommittedEvents()
{
    QSignalSpy changed(m_backfill.get(), &Backfill::watermarkChanged);
    fw::store::Event older;
    older.alert = *testParser(QJsonDocument::fromJson(alert(9)).object(), nullptr);
    fw::store::Event newer;
    newer.alert = *testParser(QJsonDocument::fromJson(alert(20)).object(), nullptr);
    Q_EMIT m_store->eventsCommitted({newer, older});

    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_backfill->watermark(), newer.alert.createdAt);
}

void tst_Backfill::watermarkSourceKeepsMicroseconds()
{
    m_server->setHandler([](const FakeRequest &) { return FakeResponse::json(listPage({})); });
    m_backfill->setWatermark(parseNcmTime(u"2026-01-01T10:00:00.100+00:00"_s));
    // 2026-01-01T10:00:00.123456Z, newer than the ms watermark: it wins.
    m_backfill->setWatermarkSource([] { return qint64(1767261600123456); });

    runAndWait();
    const QByteArray target = m_server->requests().first().target;
    QVERIFY2(target.contains("created_at__gt=2026-01-01T10:00:00.123456%2B00:00"), target.constData());
}

QTEST_GUILESS_MAIN(tst_Backfill)
#include "tst_backfill.moc"
