#include "rules/auditlog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::rules;

namespace {

AuditEntry entry(const QString &action, int status, const QString &outcome)
{
    AuditEntry e;
    e.who = u"alice"_s;
    e.action = action;
    e.method = u"POST"_s;
    e.endpoint = u"alert_push_destinations/"_s;
    e.targetId = u"d-1"_s;
    e.after = QJsonObject{{u"name"_s, u"NOC"_s},
                          {u"authentication"_s, QJsonObject{{u"secret"_s, u"hunter2"_s}}}};
    e.status = status;
    e.message = u"=cmd|' /C calc'!A0"_s;
    e.outcome = outcome;
    return e;
}

} // namespace

class TestAuditLog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void masksSecrets_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QByteArray>("masked");
        QTest::newRow("destination secret") << QByteArray(R"({"authentication":{"secret":"s3"}})")
                                            << QByteArray(R"({"authentication":{"secret":"***"}})");
        QTest::newRow("api key in a list") << QByteArray(R"({"a":[{"x_api_key":"k"}]})")
                                           << QByteArray(R"({"a":[{"x_api_key":"***"}]})");
        QTest::newRow("token and password") << QByteArray(R"({"relay_token":"t","password":"p","name":"n"})")
                                            << QByteArray(R"({"name":"n","password":"***","relay_token":"***"})");
        QTest::newRow("null secret stays null") << QByteArray(R"({"secret":null})") << QByteArray(R"({"secret":null})");
    }

    void masksSecrets()
    {
        QFETCH(QByteArray, json);
        QFETCH(QByteArray, masked);
        const QJsonObject result = AuditLog::maskSecrets(QJsonDocument::fromJson(json).object());
        QCOMPARE(QJsonDocument(result).toJson(QJsonDocument::Compact), masked);
    }

    void recordsAndBrowses()
    {
        QTemporaryDir dir;
        AuditLog log;
        QCOMPARE(log.open(dir.filePath(u"events.sqlite"_s)), QString());
        QString error;
        QVERIFY(log.record(entry(u"create destination"_s, 201, u"ok"_s), &error) > 0);
        QVERIFY(log.record(entry(u"delete rule"_s, 404, u"failed"_s), &error) > 0);

        const QList<AuditEntry> all = log.entries();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.first().action, u"delete rule"_s); // newest first
        QCOMPARE(all.first().status, 404);
        QCOMPARE(all.last().after.value("authentication"_L1).toObject().value("secret"_L1).toString(), u"***"_s);
        QVERIFY(all.last().at.isValid());

        AuditFilter filter;
        filter.text = u"CREATE"_s;
        QCOMPARE(log.entries(filter).size(), 1);
    }

    void survivesReopen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"events.sqlite"_s);
        {
            AuditLog log;
            QCOMPARE(log.open(path), QString());
            QVERIFY(log.record(entry(u"update rule"_s, 200, u"ok"_s)) > 0);
        }
        AuditLog again;
        QCOMPARE(again.open(path), QString());
        QCOMPARE(again.entries().size(), 1);
    }

    void exportsCsvAndJson()
    {
        QTemporaryDir dir;
        AuditLog log;
        QCOMPARE(log.open(dir.filePath(u"events.sqlite"_s)), QString());
        QVERIFY(log.record(entry(u"create destination"_s, 201, u"ok"_s)) > 0);

        const QString csvPath = dir.filePath(u"audit.csv"_s);
        QCOMPARE(log.exportTo(csvPath), QString());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QVERIFY(lines.first().startsWith("id,at,who,action"));
        QVERIFY(lines.at(1).contains("\"'=cmd")); // no spreadsheet formula
        QVERIFY(!lines.at(1).contains("hunter2"));

        const QString jsonPath = dir.filePath(u"audit.json"_s);
        QCOMPARE(log.exportTo(jsonPath), QString());
        QFile json(jsonPath);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonArray array = QJsonDocument::fromJson(json.readAll()).array();
        QCOMPARE(array.size(), 1);
        QCOMPARE(array.first().toObject().value("status"_L1).toInt(), 201);
    }

    void unwritablePathIsOneSentence()
    {
        AuditLog log;
        const QString error = log.open(u"/nonexistent-dir/x/events.sqlite"_s);
        QVERIFY(!error.isEmpty());
        QVERIFY(!log.isOpen());
        QCOMPARE(log.record(entry(u"x"_s, 0, u"failed"_s)), 0);
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
