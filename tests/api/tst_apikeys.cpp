#include "api/apikeys.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fw::api::parseApiKeys;
using fw::api::readApiKeysFile;

class tst_ApiKeys final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void unreadableFile();
    void readsFile();
};

void tst_ApiKeys::parse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("errorPart"); // empty: must parse

    const QByteArray good = "cp_api_id=a\ncp_api_key=b\necm_api_id=c\necm_api_key=d\n";
    QTest::newRow("four keys") << good << QString();
    QTest::newRow("comments, blanks, spaces")
        << QByteArray("# NCM keys\n\n  cp_api_id = a \ncp_api_key=b\r\n\t ecm_api_id=c\n# x\necm_api_key=d")
        << QString();
    QTest::newRow("value with equals sign")
        << QByteArray("cp_api_id=a=\ncp_api_key=b\necm_api_id=c\necm_api_key=d") << QString();
    QTest::newRow("missing key")
        << QByteArray("cp_api_id=a\ncp_api_key=b\necm_api_id=c\n") << u"does not set ecm_api_key"_s;
    QTest::newRow("duplicated key") << good + "cp_api_key=e\n" << u"sets cp_api_key twice"_s;
    QTest::newRow("unknown key") << good + "x_api=1\n" << u"unknown key \"x_api\""_s;
    QTest::newRow("no equals sign") << good + "justavalue\n" << u"Line 5"_s;
    QTest::newRow("empty value")
        << QByteArray("cp_api_id=\ncp_api_key=b\necm_api_id=c\necm_api_key=d") << u"empty value"_s;
    QTest::newRow("empty file") << QByteArray() << u"does not set cp_api_id"_s;
}

void tst_ApiKeys::parse()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, errorPart);

    const auto result = parseApiKeys(text);
    if (errorPart.isEmpty()) {
        QVERIFY2(result.keys.has_value(), qPrintable(result.error));
        QVERIFY(result.keys->isComplete());
        QCOMPARE(result.keys->cpApiKey, QByteArray("b"));
        QCOMPARE(result.keys->ecmApiKey, QByteArray("d"));
        return;
    }
    QVERIFY(!result.keys);
    QVERIFY2(result.error.contains(errorPart), qPrintable(result.error));
    QVERIFY(result.error.endsWith(u'.'));
}

void tst_ApiKeys::unreadableFile()
{
    const auto result = readApiKeysFile(u"/nonexistent/keys.txt"_s);
    QVERIFY(!result.keys);
    QVERIFY(result.error.startsWith(u"Cannot read the API keys file /nonexistent/keys.txt"_s));
}

void tst_ApiKeys::readsFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(u"keys"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("cp_api_id=1\ncp_api_key=2\necm_api_id=3\necm_api_key=4\n");
    file.close();

    const auto result = readApiKeysFile(file.fileName());
    QVERIFY(result.keys);
    QCOMPARE(result.keys->cpApiId, QByteArray("1"));
    QCOMPARE(result.keys->ecmApiId, QByteArray("3"));
}

QTEST_GUILESS_MAIN(tst_ApiKeys)
#include "tst_apikeys.moc"
