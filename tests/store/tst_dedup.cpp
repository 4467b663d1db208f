#include "ncm/alertparser.h"
#include "store/dedup.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fw::store::dedupKey;

namespace {

fw::ncm::Alert alertFrom(const QByteArray &json)
{
    const auto result = fw::ncm::parsePush(json);
    return result.alerts.value(0);
}

const QByteArray Base = R"({"type": "wwan_disconnected", "detected_at": "2026-11-01T10:00:00.000001+00:00",
    "router": "https://www.cradlepointecm.com/api/v2/routers/7/", "info": {"b": 1, "a": {"d": 1, "c": [1, 2]}}})";

} // namespace

class tst_Dedup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameKey_data();
    void sameKey();
    void differentKey_data();
    void differentKey();
    void timeuuidWins();
    void canonicalJson_data();
    void canonicalJson();
};

void tst_Dedup::sameKey_data()
{
    QTest::addColumn<QByteArray>("other");

    QTest::newRow("identical") << Base;
    QTest::newRow("keys in another order, nested too")
        << QByteArray(R"({"info": {"a": {"c": [1, 2], "d": 1}, "b": 1}, "router": "7", "type": "wwan_disconnected",
                         "detected_at": "2026-11-01T10:00:00.000001Z"})");
    QTest::newRow("info as a string holding json")
        << QByteArray(R"({"type": "wwan_disconnected", "detected_at": "2026-11-01T12:00:00.000001+02:00",
                         "router": "https://www.us0.cradlepointecm.com/api/v2/routers/7",
                         "info": "{\"a\": {\"d\": 1, \"c\": [1, 2]}, \"b\": 1}"})");
    QTest::newRow("friendly_info differs") << QByteArray(Base).replace("\"info\"", "\"friendly_info\": \"x\", \"info\"");
}

void tst_Dedup::sameKey()
{
    QFETCH(QByteArray, other);

    const QByteArray key = dedupKey(alertFrom(Base));

    QVERIFY(key.startsWith("h:"));
    QCOMPARE(key.size(), 2 + 64);
    QCOMPARE(dedupKey(alertFrom(other)), key);
}

void tst_Dedup::differentKey_data()
{
    QTest::addColumn<QByteArray>("other");

    QTest::newRow("info value") << QByteArray(Base).replace("\"b\": 1", "\"b\": 2");
    QTest::newRow("nested info value") << QByteArray(Base).replace("[1, 2]", "[2, 1]");
    QTest::newRow("one microsecond later") << QByteArray(Base).replace(".000001", ".000002");
    QTest::newRow("router") << QByteArray(Base).replace("routers/7/", "routers/8/");
    QTest::newRow("type") << QByteArray(Base).replace("wwan_disconnected", "wwan_connected");
    QTest::newRow("no info") << QByteArray(R"({"type": "wwan_disconnected", "detected_at": "2026-11-01T10:00:00.000001Z", "router": "7"})");
}

void tst_Dedup::differentKey()
{
    QFETCH(QByteArray, other);

    const fw::ncm::Alert alert = alertFrom(other);

    QVERIFY(!alert.type.isEmpty());
    QVERIFY(dedupKey(alert) != dedupKey(alertFrom(Base)));
}

void tst_Dedup::timeuuidWins()
{
    fw::ncm::Alert a = alertFrom(Base);
    fw::ncm::Alert b = alertFrom(QByteArray(Base).replace("\"b\": 1", "\"b\": 2"));
    a.createdAtTimeuuid = u"0f3c-11ef"_s;
    b.createdAtTimeuuid = u"0f3c-11ef"_s;

    QCOMPARE(dedupKey(a), QByteArray("t:0f3c-11ef"));
    QCOMPARE(dedupKey(a), dedupKey(b));
}

void tst_Dedup::canonicalJson_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("object sorted") << QJsonValue(QJsonObject{{u"z"_s, 1}, {u"a"_s, QJsonObject{{u"y"_s, 1}, {u"b"_s, 2}}}})
                                   << QByteArray(R"({"a":{"b":2,"y":1},"z":1})");
    QTest::newRow("string") << QJsonValue(u"plain"_s) << QByteArray(R"("plain")");
    QTest::newRow("null") << QJsonValue() << QByteArray("null");
    QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined) << QByteArray("null");
    QTest::newRow("array") << QJsonValue(QJsonArray{3, u"x"_s}) << QByteArray(R"([3,"x"])");
}

void tst_Dedup::canonicalJson()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, json);

    QCOMPARE(fw::store::canonicalJson(value), json);
    if (!value.isUndefined())
        QCOMPARE(fw::store::jsonValueFromText(json), value);
}

QTEST_GUILESS_MAIN(tst_Dedup)
#include "tst_dedup.moc"
