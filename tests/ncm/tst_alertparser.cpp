#include "ncm/alertparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fw::ncm::parsePush;

namespace {

QByteArray alertJson(const QByteArray &extra = {})
{
    QByteArray json = R"({"type": "wwan_connected", "detected_at": "2026-11-01T10:20:30.123456+00:00")";
    if (!extra.isEmpty())
        json += ", " + extra;
    return json + '}';
}

} // namespace

class tst_AlertParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptedShapes_data();
    void acceptedShapes();
    void malformed_data();
    void malformed();
    void info_data();
    void info();
    void reference_data();
    void reference();
    void time_data();
    void time();
    void fieldsAndUnknownKept();
    void deepNesting();
};

void tst_AlertParser::acceptedShapes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("count");

    QTest::newRow("data with one alert") << "{\"data\": [" + alertJson() + "]}" << 1;
    QTest::newRow("data with three alerts")
        << "{\"data\": [" + alertJson() + "," + alertJson() + "," + alertJson() + "]}" << 3;
    QTest::newRow("empty data") << QByteArray(R"({"data": []})") << 0;
    QTest::newRow("bare alert") << alertJson() << 1;
    QTest::newRow("bare array") << "[" + alertJson() + "]" << 1;
    QTest::newRow("data with meta beside") << "{\"data\": [" + alertJson() + "], \"meta\": {}}" << 1;
    QTest::newRow("whitespace around") << "\n  " + alertJson() + "  \n" << 1;
}

void tst_AlertParser::acceptedShapes()
{
    QFETCH(QByteArray, body);
    QFETCH(int, count);

    const auto result = parsePush(body);

    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.alerts.size(), count);
    for (const auto &alert : result.alerts)
        QCOMPARE(alert.type, u"wwan_connected"_s);
}

void tst_AlertParser::malformed_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("needle");

    QTest::newRow("empty") << QByteArray() << u"empty"_s;
    QTest::newRow("blank") << QByteArray("  \n") << u"empty"_s;
    QTest::newRow("not json") << QByteArray("hello") << u"not valid JSON"_s;
    QTest::newRow("truncated") << alertJson().chopped(1) << u"not valid JSON"_s;
    QTest::newRow("scalar") << QByteArray("42") << u"JSON"_s;
    QTest::newRow("string") << QByteArray("\"x\"") << u"JSON"_s;
    QTest::newRow("data is object") << QByteArray(R"({"data": {}})") << u"\"data\" is not an array"_s;
    QTest::newRow("data is null") << QByteArray(R"({"data": null})") << u"\"data\" is not an array"_s;
    QTest::newRow("element not object") << QByteArray(R"({"data": [1]})") << u"not a JSON object"_s;
    QTest::newRow("one bad of two") << "{\"data\": [" + alertJson() + ", 3]}" << u"Alert 2"_s;
    QTest::newRow("object without type") << QByteArray(R"({"detected_at": "2026-11-01T10:00:00Z"})")
                                         << u"\"type\""_s;
    QTest::newRow("type empty") << QByteArray(R"({"type": " ", "detected_at": "2026-11-01T10:00:00Z"})")
                                << u"\"type\""_s;
    QTest::newRow("type number") << QByteArray(R"({"type": 5, "detected_at": "2026-11-01T10:00:00Z"})")
                                 << u"\"type\""_s;
    QTest::newRow("type too long") << "{\"type\": \"" + QByteArray(300, 'a')
                                          + "\", \"detected_at\": \"2026-11-01T10:00:00Z\"}"
                                   << u"longer"_s;
    QTest::newRow("no detected_at") << QByteArray(R"({"type": "x"})") << u"detected_at"_s;
    QTest::newRow("detected_at garbage") << QByteArray(R"({"type": "x", "detected_at": "yesterday"})")
                                         << u"detected_at"_s;
    QTest::newRow("detected_at number") << QByteArray(R"({"type": "x", "detected_at": 1700000000})")
                                        << u"detected_at"_s;
    QTest::newRow("detected_at month 13")
        << QByteArray(R"({"type": "x", "detected_at": "2026-13-01T10:00:00Z"})") << u"detected_at"_s;
    QTest::newRow("detected_at bad offset")
        << QByteArray(R"({"type": "x", "detected_at": "2026-11-01T10:00:00+25:00"})") << u"detected_at"_s;
    QTest::newRow("bad alert inside data")
        << QByteArray(R"({"data": [{"type": "x", "detected_at": "never"}]})") << u"Alert 1"_s;
}

void tst_AlertParser::malformed()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, needle);

    const auto result = parsePush(body);

    QVERIFY(!result.ok());
    QVERIFY(result.alerts.isEmpty());
    QVERIFY2(result.error.contains(needle), qPrintable(result.error));
    QVERIFY2(result.error.endsWith(u'.'), qPrintable(result.error));
}

void tst_AlertParser::info_data()
{
    QTest::addColumn<QByteArray>("info");
    QTest::addColumn<QJsonValue>("expected");

    QTest::newRow("object") << QByteArray(R"({"port": "int1"})") << QJsonValue(QJsonObject{{u"port"_s, u"int1"_s}});
    QTest::newRow("string holding json")
        << QByteArray(R"("{\"port\": \"int1\"}")") << QJsonValue(QJsonObject{{u"port"_s, u"int1"_s}});
    QTest::newRow("string holding array") << QByteArray(R"("[1, 2]")") << QJsonValue(QJsonArray{1, 2});
    QTest::newRow("plain text") << QByteArray(R"("modem gone")") << QJsonValue(u"modem gone"_s);
    QTest::newRow("broken json text") << QByteArray(R"("{oops")") << QJsonValue(u"{oops"_s);
    QTest::newRow("null") << QByteArray("null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("number") << QByteArray("7") << QJsonValue(7);
}

void tst_AlertParser::info()
{
    QFETCH(QByteArray, info);
    QFETCH(QJsonValue, expected);

    const auto result = parsePush(alertJson("\"info\": " + info));

    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.alerts.first().info, expected);
}

void tst_AlertParser::reference_data()
{
    QTest::addColumn<QByteArray>("router");
    QTest::addColumn<QString>("id");

    QTest::newRow("url") << QByteArray(R"("https://www.cradlepointecm.com/api/v2/routers/123/")") << u"123"_s;
    QTest::newRow("shard url no slash") << QByteArray(R"("https://www.us0.cradlepointecm.com/api/v2/routers/77")")
                                        << u"77"_s;
    QTest::newRow("url with query") << QByteArray(R"("https://x.example/api/v2/routers/9/?fields=id")")
                                    << u"9"_s;
    QTest::newRow("relative path") << QByteArray(R"("/api/v2/routers/55/")") << u"55"_s;
    QTest::newRow("id string") << QByteArray(R"("4242")") << u"4242"_s;
    QTest::newRow("id number") << QByteArray("4242") << u"4242"_s;
    QTest::newRow("expanded object") << QByteArray(R"({"id": "8", "name": "a"})") << u"8"_s;
    QTest::newRow("null") << QByteArray("null") << QString();
    QTest::newRow("bool") << QByteArray("true") << QString();
}

void tst_AlertParser::reference()
{
    QFETCH(QByteArray, router);
    QFETCH(QString, id);

    const auto result = parsePush(alertJson("\"router\": " + router + ", \"account\": " + router));

    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.alerts.first().routerId, id);
    QCOMPARE(result.alerts.first().accountId, id);
}

void tst_AlertParser::time_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("utc");

    QTest::newRow("micro +00:00") << u"2026-11-01T10:20:30.123456+00:00"_s << u"2026-11-01T10:20:30.123456Z"_s;
    QTest::newRow("no fraction Z") << u"2026-11-01T10:20:30Z"_s << u"2026-11-01T10:20:30.000000Z"_s;
    QTest::newRow("millis Z") << u"2026-11-01T10:20:30.5Z"_s << u"2026-11-01T10:20:30.500000Z"_s;
    QTest::newRow("nanos truncated") << u"2026-11-01T10:20:30.123456789Z"_s << u"2026-11-01T10:20:30.123456Z"_s;
    QTest::newRow("plus two hours") << u"2026-11-01T10:20:30.000001+02:00"_s << u"2026-11-01T08:20:30.000001Z"_s;
    QTest::newRow("minus 05:30 crosses day") << u"2026-11-01T20:00:00-05:30"_s << u"2026-11-02T01:30:00.000000Z"_s;
    QTest::newRow("offset without colon") << u"2026-11-01T10:00:00+0100"_s << u"2026-11-01T09:00:00.000000Z"_s;
    QTest::newRow("no offset means utc") << u"2026-11-01T10:00:00.25"_s << u"2026-11-01T10:00:00.250000Z"_s;
    QTest::newRow("space separator") << u"2026-11-01 10:00:00Z"_s << u"2026-11-01T10:00:00.000000Z"_s;
    QTest::newRow("leap day") << u"2024-02-29T00:00:00Z"_s << u"2024-02-29T00:00:00.000000Z"_s;
}

void tst_AlertParser::time()
{
    QFETCH(QString, text);
    QFETCH(QString, utc);

    const std::optional<qint64> usec = fw::ncm::parseTimeMicros(text);

    QVERIFY(usec);
    QCOMPARE(fw::ncm::formatTimeMicros(*usec), utc);
    const QDateTime time = fw::ncm::parseTime(text);
    QCOMPARE(time.timeSpec(), Qt::UTC);
    QCOMPARE(time.toMSecsSinceEpoch(), *usec / 1000);
}

void tst_AlertParser::fieldsAndUnknownKept()
{
    const QByteArray body = R"({"data": [{"type": "connection_state", "detected_at": "2026-11-01T10:20:30.123456+00:00",
        "created_at": "2026-11-01T10:20:31.000001Z", "created_at_timeuuid": "f1e2-uuid",
        "friendly_info": "Router BUS-1 is now offline.", "info": {"state": "offline"},
        "router": "https://www.cradlepointecm.com/api/v2/routers/123/",
        "router_details": {"name": "BUS-1", "description": "bus", "mac": "00:30:44:aa:bb:cc",
                           "serial_number": "MM1234", "asset_id": "A7", "custom1": "c1", "custom2": 2},
        "future_field": {"nested": [1, 2, 3]}}]})";

    const auto result = parsePush(body);

    QVERIFY2(result.ok(), qPrintable(result.error));
    const fw::ncm::Alert &alert = result.alerts.first();
    QCOMPARE(alert.routerId, u"123"_s);
    QVERIFY(alert.accountId.isEmpty());
    QCOMPARE(alert.routerDetails.name, u"BUS-1"_s);
    QCOMPARE(alert.routerDetails.description, u"bus"_s);
    QCOMPARE(alert.routerDetails.mac, u"00:30:44:aa:bb:cc"_s);
    QCOMPARE(alert.routerDetails.serialNumber, u"MM1234"_s);
    QCOMPARE(alert.routerDetails.assetId, u"A7"_s);
    QCOMPARE(alert.routerDetails.custom1, u"c1"_s);
    QCOMPARE(alert.routerDetails.custom2, u"2"_s);
    QCOMPARE(alert.createdAtTimeuuid, u"f1e2-uuid"_s);
    QCOMPARE(alert.createdAt, QDateTime::fromMSecsSinceEpoch(alert.createdAt.toMSecsSinceEpoch(), Qt::UTC));
    QCOMPARE(alert.friendlyInfo, u"Router BUS-1 is now offline."_s);
    QCOMPARE(alert.detectedAtMicros() % 1'000'000, 123456);
    QCOMPARE(alert.detectedAtMicros(), alert.detectedAtUsec);

    const QJsonObject kept = QJsonDocument::fromJson(alert.json).object();
    QVERIFY(!alert.json.contains('\n'));
    QCOMPARE(kept.value(u"future_field"_s).toObject().value(u"nested"_s).toArray().size(), 3);
}

void tst_AlertParser::deepNesting()
{
    const QByteArray body = "{\"data\": [" + QByteArray(5000, '[') + QByteArray(5000, ']') + "]}";

    const auto result = parsePush(body);

    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(u"nested too deeply"_s), qPrintable(result.error));
}

QTEST_GUILESS_MAIN(tst_AlertParser)
#include "tst_alertparser.moc"
