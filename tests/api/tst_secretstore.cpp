#include "api/secretstore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::Literals::StringLiterals;
using fw::api::FileSecretStore;
using fw::api::KeychainSecretStore;
using fw::api::SecretStore;
using fw::api::SystemSecretStore;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return 0;
    return info.st_mode & 0777;
}

} // namespace

class tst_SecretStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fileStoreIsOwnerOnly();
    void fileStoreRoundTrip();
    void fileStoreRefusesReadableFile();
    void noKeychainWithoutPermission();
    void noKeychainFallsBackToFile();

private:
    QString writeAndWait(SecretStore &store, const QString &key, const QByteArray &secret);
    std::pair<std::optional<QByteArray>, QString> readAndWait(SecretStore &store, const QString &key);
    bool keychainAnswers();

    QTemporaryDir m_dir;
};

void tst_SecretStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // No D-Bus session: QtKeychain must fail fast, which is what the fallback rows test.
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    qputenv("DISPLAY", "");
}

QString tst_SecretStore::writeAndWait(SecretStore &store, const QString &key, const QByteArray &secret)
{
    std::optional<QString> result;
    store.write(key, secret, this, [&result](const QString &error) { result = error; });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000); }();
    return result.value_or(u"no answer"_s);
}

std::pair<std::optional<QByteArray>, QString> tst_SecretStore::readAndWait(SecretStore &store, const QString &key)
{
    std::optional<std::pair<std::optional<QByteArray>, QString>> result;
    store.read(key, this, [&result](const std::optional<QByteArray> &secret, const QString &error) {
        result = std::make_pair(secret, error);
    });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000); }();
    return result.value_or(std::make_pair(std::optional<QByteArray>(), u"no answer"_s));
}

bool tst_SecretStore::keychainAnswers()
{
    KeychainSecretStore keychain;
    std::optional<bool> available;
    keychain.probe(this, [&available](bool answer, const QString &) { available = answer; });
    if (!QTest::qWaitFor([&available] { return available.has_value(); }, 10000))
        return false;
    return available.value_or(false);
}

void tst_SecretStore::fileStoreIsOwnerOnly()
{
    const QString path = m_dir.filePath(u"new/folder/secrets.json"_s);
    FileSecretStore store(path);
    QCOMPARE(writeAndWait(store, u"webhook-secret"_s, "s3cret"), QString());

    QCOMPARE(modeOf(path), mode_t(0600));
    QCOMPARE(modeOf(m_dir.filePath(u"new/folder"_s)), mode_t(0700));
    QVERIFY(!QFile::exists(path + u".new"_s));
    QVERIFY(store.warning().contains(u"not encrypted"_s));
}

void tst_SecretStore::fileStoreRoundTrip()
{
    FileSecretStore store(m_dir.filePath(u"roundtrip.json"_s));
    const QByteArray binary("\x00\xff key with = and \n", 20);
    QCOMPARE(writeAndWait(store, u"a"_s, binary), QString());
    QCOMPARE(writeAndWait(store, u"b"_s, "second"), QString());

    QCOMPARE(readAndWait(store, u"a"_s).first.value_or(QByteArray()), binary);
    QCOMPARE(readAndWait(store, u"b"_s).first.value_or(QByteArray()), QByteArray("second"));
    QVERIFY(!readAndWait(store, u"missing"_s).first.has_value());
    QCOMPARE(readAndWait(store, u"missing"_s).second, QString());

    std::optional<QString> removed;
    store.remove(u"a"_s, this, [&removed](const QString &error) { removed = error; });
    QTRY_VERIFY(removed.has_value());
    QVERIFY(!readAndWait(store, u"a"_s).first.has_value());
    QCOMPARE(modeOf(store.path()), mode_t(0600));
}

void tst_SecretStore::fileStoreRefusesReadableFile()
{
    const QString path = m_dir.filePath(u"open.json"_s);
    FileSecretStore store(path);
    QCOMPARE(writeAndWait(store, u"a"_s, "x"), QString());
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));

    const auto [secret, error] = readAndWait(store, u"a"_s);
    QVERIFY(!secret);
    QVERIFY2(error.contains(u"readable by other users"_s), qPrintable(error));
    QVERIFY(!writeAndWait(store, u"b"_s, "y").isEmpty());
    QCOMPARE(modeOf(path), mode_t(0604)); // left as the operator set it
}

void tst_SecretStore::noKeychainWithoutPermission()
{
    if (keychainAnswers())
        QSKIP("a keychain service answers here; this row needs none");
    const QString path = m_dir.filePath(u"denied.json"_s);
    SystemSecretStore store(u"FleetwallTest"_s, path, false);

    const QString error = writeAndWait(store, u"a"_s, "x");
    QVERIFY2(error.startsWith(u"No system keychain service answered"_s), qPrintable(error));
    QVERIFY(error.contains(u"allow the file fallback"_s));
    QVERIFY(!QFile::exists(path));
    QVERIFY(store.warning().isEmpty());
}

void tst_SecretStore::noKeychainFallsBackToFile()
{
    if (keychainAnswers())
        QSKIP("a keychain service answers here; this row needs none");
    const QString path = m_dir.filePath(u"fallback.json"_s);
    SystemSecretStore store(u"FleetwallTest"_s, path, true);
    QSignalSpy fellBack(&store, &SystemSecretStore::fellBackToFile);

    QCOMPARE(writeAndWait(store, u"a"_s, "x"), QString());
    QCOMPARE(fellBack.size(), 1);
    QVERIFY(store.usingFallback());
    QVERIFY(!store.warning().isEmpty());
    QCOMPARE(modeOf(path), mode_t(0600));
    QCOMPARE(readAndWait(store, u"a"_s).first.value_or(QByteArray()), QByteArray("x"));
}

QTEST_GUILESS_MAIN(tst_SecretStore)
#include "tst_secretstore.moc"
