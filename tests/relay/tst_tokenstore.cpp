#include "relay/tokenstore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fw::relay::TokenStore;

class tst_TokenStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addsVerifiesAndRevokes();
    void storesOnlyHashesWithOwnerOnlyPermissions();
    void rejectsBadNames_data();
    void rejectsBadNames();
    void refusesDuplicateActiveName();
    void refusesDamagedFile_data();
    void refusesDamagedFile();
    void reloadsWhenChanged();
};

void tst_TokenStore::addsVerifiesAndRevokes()
{
    QTemporaryDir dir;
    TokenStore store(dir.filePath(u"tokens.json"_s));
    QString error;
    QVERIFY(store.load(&error));
    const auto desk1 = store.add(u"desk-1"_s, &error);
    const auto desk2 = store.add(u"desk-2"_s, &error);
    QVERIFY(desk1 && desk2);
    QVERIFY(desk1->startsWith("fwr_"_L1));
    QVERIFY(*desk1 != *desk2);
    QVERIFY(store.save(&error));

    TokenStore reread(store.path());
    QVERIFY(reread.load(&error));
    QCOMPARE(reread.verify(*desk1).verdict, TokenStore::Verdict::Valid);
    QCOMPARE(reread.verify(*desk1).name, u"desk-1"_s);
    QCOMPARE(reread.verify(*desk2).name, u"desk-2"_s);
    QCOMPARE(reread.verify(desk1->chopped(1)).verdict, TokenStore::Verdict::Unknown);
    QCOMPARE(reread.verify(u""_s).verdict, TokenStore::Verdict::Unknown);

    QVERIFY(reread.revoke(u"desk-1"_s, &error));
    QVERIFY(!reread.revoke(u"desk-1"_s, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(reread.verify(*desk1).verdict, TokenStore::Verdict::Revoked);
    QCOMPARE(reread.verify(*desk2).verdict, TokenStore::Verdict::Valid);
    QCOMPARE(reread.entries().size(), 2);
}

void tst_TokenStore::storesOnlyHashesWithOwnerOnlyPermissions()
{
    QTemporaryDir dir;
    TokenStore store(dir.filePath(u"tokens.json"_s));
    QString error;
    const auto token = store.add(u"desk"_s, &error);
    QVERIFY(store.save(&error));
    QFile file(store.path());
    // 0600: nothing for the group or others.
    QCOMPARE(file.permissions() & ~(QFile::ReadUser | QFile::WriteUser),
             QFile::ReadOwner | QFile::WriteOwner);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY(!content.contains(token->toUtf8()));
    QVERIFY(!content.contains(token->section(u'_', 2).toUtf8()));
}

void tst_TokenStore::rejectsBadNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("space") << u"desk 1"_s;
    QTest::newRow("slash") << u"a/b"_s;
    QTest::newRow("too long") << QString(65, u'a');
    QTest::newRow("quote") << u"a\"b"_s;
}

void tst_TokenStore::rejectsBadNames()
{
    QFETCH(QString, name);
    QTemporaryDir dir;
    TokenStore store(dir.filePath(u"tokens.json"_s));
    QString error;
    QVERIFY(!store.add(name, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(store.entries().isEmpty());
}

void tst_TokenStore::refusesDuplicateActiveName()
{
    QTemporaryDir dir;
    TokenStore store(dir.filePath(u"tokens.json"_s));
    QString error;
    QVERIFY(store.add(u"desk"_s, &error));
    QVERIFY(!store.add(u"desk"_s, &error));
    QVERIFY(store.revoke(u"desk"_s, &error));
    QVERIFY(store.add(u"desk"_s, &error)); // a new token after revoking the old one
}

void tst_TokenStore::refusesDamagedFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("not JSON") << QByteArray("garbage");
    QTest::newRow("other format") << QByteArray(R"({"format":"x","tokens":[]})");
    QTest::newRow("entry without hash")
            << QByteArray(R"({"format":"fleetwall-relay-tokens/1","tokens":[{"name":"a","id":"0123456789abcdef"}]})");
}

void tst_TokenStore::refusesDamagedFile()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    TokenStore store(dir.filePath(u"tokens.json"_s));
    QString error;
    const auto token = store.add(u"desk"_s, &error);
    QVERIFY(store.save(&error));
    QVERIFY(store.load(&error));

    QFile file(store.path());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();
    QVERIFY(!store.load(&error));
    QVERIFY(!error.isEmpty());
    // Nothing changed: the tokens read before still work.
    QCOMPARE(store.verify(*token).verdict, TokenStore::Verdict::Valid);
}

void tst_TokenStore::reloadsWhenChanged()
{
    QTemporaryDir dir;
    TokenStore server(dir.filePath(u"tokens.json"_s));
    QString error;
    QVERIFY(server.load(&error));
    QVERIFY(!server.reloadIfChanged(&error));

    TokenStore admin(server.path());
    const auto token = admin.add(u"desk"_s, &error);
    QVERIFY(admin.save(&error));
    QVERIFY(server.reloadIfChanged(&error));
    QCOMPARE(server.verify(*token).verdict, TokenStore::Verdict::Valid);
    QVERIFY(!server.reloadIfChanged(&error));
}

QTEST_GUILESS_MAIN(tst_TokenStore)
#include "tst_tokenstore.moc"
