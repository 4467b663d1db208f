#include "rules/alertrule.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fw::rules::AlertRule;

namespace {

QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// An ordinary literal: moc 6.4 misreads "//" inside raw strings as a comment.
const QByteArray s_record =
    "{\n"
    "  \"alert_config_id\": \"a1b2c3d4-0000-11ee-8000-000000000001\",\n"
    "  \"account\": \"https://www.cradlepointecm.com/api/v2/accounts/42/\",\n"
    "  \"associated_accounts\": [],\n"
    "  \"associated_groups\": [\"https://www.us0.cradlepointecm.com/api/v2/groups/7/\", \"8\"],\n"
    "  \"filter_criteria\": {\"alert_type__in\": [\"wwan_disconnected\", \"connection_state\"], \"severity__gte\": 2},\n"
    "  \"http_destinations\": [\"d-1\"],\n"
    "  \"email_destinations\": [],\n"
    "  \"schedule\": null,\n"
    "  \"settings\": {\"connection_state\": {\"delay\": 300}},\n"
    "  \"updated_at\": \"2026-12-01T10:00:00.123456+00:00\",\n"
    "  \"created_at\": \"2026-11-01T10:00:00.123456+00:00\",\n"
    "  \"resource_url\": \"https://www.cradlepointecm.com/api/v2/alert_rules/a1b2/\",\n"
    "  \"future_field\": {\"kept\": true}\n"
    "}\n";

} // namespace

class TestAlertRule final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesNcmRecord()
    {
        QString error;
        const auto rule = AlertRule::fromJson(parse(s_record), &error);
        QVERIFY2(rule, qPrintable(error));
        QCOMPARE(rule->id, u"a1b2c3d4-0000-11ee-8000-000000000001"_s);
        QCOMPARE(rule->account, u"42"_s);
        QCOMPARE(rule->associatedGroups, (QStringList{u"7"_s, u"8"_s}));
        QCOMPARE(rule->types, (QStringList{u"wwan_disconnected"_s, u"connection_state"_s}));
        QCOMPARE(rule->updatedAt, u"2026-12-01T10:00:00.123456+00:00"_s);
        QCOMPARE(rule->filterExtra.value("severity__gte"_L1).toInt(), 2);
        QVERIFY(rule->extra.contains("future_field"_L1));
    }

    void writesUnknownFieldsBackUnchanged()
    {
        const auto rule = AlertRule::fromJson(parse(s_record));
        QVERIFY(rule);
        const QJsonObject body = rule->writableJson();
        QCOMPARE(body.value("future_field"_L1).toObject().value("kept"_L1).toBool(), true);
        QCOMPARE(body.value("filter_criteria"_L1).toObject().value("severity__gte"_L1).toInt(), 2);
        for (const QString &field : fw::rules::readOnlyRuleFields())
            QVERIFY2(!body.contains(field), qPrintable(field));
        QCOMPARE(body.value("account"_L1).toString(), u"42"_s);
    }

    void roundTripsThroughToJson()
    {
        const auto rule = AlertRule::fromJson(parse(s_record));
        QVERIFY(rule);
        const auto again = AlertRule::fromJson(rule->toJson());
        QVERIFY(again);
        QCOMPARE(*again, *rule);
    }

    void sameContentIgnoresOrderAndIdentity()
    {
        auto a = AlertRule::fromJson(parse(s_record));
        QVERIFY(a);
        AlertRule b = *a;
        std::reverse(b.types.begin(), b.types.end());
        b.updatedAt = u"2027-01-01T00:00:00Z"_s;
        b.id.clear();
        QVERIFY(a->sameContent(b));
        b.types.removeLast();
        QVERIFY(!a->sameContent(b));
    }

    void refusesMalformedRecords_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("groups not a list") << QByteArray(R"({"associated_groups": "7"})");
        QTest::newRow("types not strings") << QByteArray(R"({"filter_criteria": {"alert_type__in": [1]}})");
        QTest::newRow("criteria not an object") << QByteArray(R"({"filter_criteria": []})");
        QTest::newRow("destination id is an object") << QByteArray(R"({"http_destinations": [{}]})");
    }

    void refusesMalformedRecords()
    {
        QFETCH(QByteArray, json);
        QString error;
        QVERIFY(!AlertRule::fromJson(parse(json), &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAlertRule)
#include "tst_alertrule.moc"
