#include "api/secretstore.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using fw::api::KeychainSecretStore;

// Opt-in: needs a D-Bus session with a keyring. ctest runs it through
// run-with-keyring.sh (dbus-run-session + gnome-keyring-daemon); without them it skips.
class tst_KeychainSecretStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void roundTrip();

private:
    KeychainSecretStore m_store{u"FleetwallKeychainTest"_s};
};

void tst_KeychainSecretStore::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("no D-Bus session: run under tests/api/run-with-keyring.sh");
    std::optional<bool> available;
    QString error;
    m_store.probe(this, [&](bool answer, const QString &why) {
        available = answer;
        error = why;
    });
    QTRY_VERIFY_WITH_TIMEOUT(available.has_value(), 15000);
    if (!*available)
        QSKIP(qPrintable(u"no keychain service answers: "_s + error));
}

void tst_KeychainSecretStore::roundTrip()
{
    std::optional<QString> written;
    m_store.write(u"webhook-secret"_s, "0123abcd", this, [&written](const QString &error) { written = error; });
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 15000);
    QCOMPARE(*written, QString());

    std::optional<QByteArray> secret;
    bool answered = false;
    m_store.read(u"webhook-secret"_s, this, [&](const std::optional<QByteArray> &value, const QString &error) {
        QVERIFY2(error.isEmpty(), qPrintable(error));
        secret = value;
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 15000);
    QCOMPARE(secret.value_or(QByteArray()), QByteArray("0123abcd"));

    std::optional<QString> removed;
    m_store.remove(u"webhook-secret"_s, this, [&removed](const QString &error) { removed = error; });
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 15000);
    QCOMPARE(*removed, QString());

    answered = false;
    m_store.read(u"webhook-secret"_s, this, [&](const std::optional<QByteArray> &value, const QString &) {
        secret = value;
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 15000);
    QVERIFY(!secret.has_value());
}

QTEST_GUILESS_MAIN(tst_KeychainSecretStore)
#include "tst_keychainsecretstore.moc"
