#include "api/secretstore.h"
#include "ingest/signature.h"
#include "ingest/webhooklistener.h"
#include "rules/auditlog.h"
#include "rules/destinationservice.h"
#include "rules/ruleservice.h"
#include "sandboxfixture.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::rules;

namespace {

class MemorySecretStore final : public fw::api::SecretStore
{
public:
    void write(const QString &key, const QByteArray &secret, QObject *, WriteDone done) override
    {
        secrets.insert(key, secret);
        done({});
    }
    void read(const QString &key, QObject *, ReadDone done) override
    {
        done(secrets.contains(key) ? std::optional(secrets.value(key)) : std::nullopt, {});
    }
    void remove(const QString &key, QObject *, WriteDone done) override
    {
        secrets.remove(key);
        done({});
    }

    QHash<QString, QByteArray> secrets;
};

// Our own webhook listener on loopback, restarted on the same port when its secrets change.
struct OwnListener
{
    OwnListener() : listener(&store) {}

    bool start(const QByteArray &current, const QByteArray &previous = {})
    {
        if (listener.isListening())
            listener.stop(1000);
        fw::ingest::ListenerConfig config;
        config.port = port;
        config.secret = current;
        config.secondSecret = previous;
        const bool ok = listener.start(config);
        port = listener.port();
        secret = current;
        return ok;
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/webhook"_s.arg(port)); }

    ListenerHooks hooks()
    {
        return {[this](const QUrl &u) { return u.port() == port && u.host() == u"127.0.0.1"_s; },
                [this] { return secret; },
                [this](const QByteArray &current, const QByteArray &previous) { start(current, previous); }};
    }

    fw::test::RecordingStore store;
    fw::ingest::WebhookListener listener;
    quint16 port = 0;
    QByteArray secret;
};

template<typename T>
struct Waiter
{
    std::optional<T> value;
    auto handler()
    {
        return [this](const T &v) { value = v; };
    }
};

} // namespace

class TestDestinationService final : public QObject
{
    Q_OBJECT

private:
    DestinationOutcome wait(const std::function<void(DestinationService::Done)> &call)
    {
        Waiter<DestinationOutcome> outcome;
        call(outcome.handler());
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.value.has_value(), 10000); }();
        return outcome.value.value_or(DestinationOutcome{});
    }

    // POSTs a push signed with secret straight to the listener; returns the HTTP status.
    int pushSignedWith(const QUrl &url, const QByteArray &secret, const QString &type)
    {
        const QByteArray body = QJsonDocument(QJsonObject{
            {u"type"_s, type}, {u"detected_at"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {u"router"_s, u"1"_s}, {u"info"_s, QJsonObject{}}, {u"friendly_info"_s, u"direct"_s}}).toJson(QJsonDocument::Compact);
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("X-CP-Signature", fw::ingest::Signature::sign(secret, body));
        std::unique_ptr<QNetworkReply> reply(m_network.post(request, body));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        [&] { QVERIFY(finished.wait(5000)); }();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;

private Q_SLOTS:
    void statesFromNcmFields_data()
    {
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<bool>("suspended");
        QTest::addColumn<int>("errorAfterUpdateSecs");
        QTest::addColumn<QString>("state");
        QTest::newRow("active") << true << false << 0 << u"active"_s;
        QTest::newRow("error before the last change") << true << false << -60 << u"active"_s;
        QTest::newRow("failing") << true << false << 60 << u"failing"_s;
        QTest::newRow("suspended") << true << true << 60 << u"suspended"_s;
        QTest::newRow("disabled") << false << true << 60 << u"disabled"_s;
    }

    void statesFromNcmFields()
    {
        QFETCH(bool, enabled);
        QFETCH(bool, suspended);
        QFETCH(int, errorAfterUpdateSecs);
        QFETCH(QString, state);
        fw::api::DestinationInfo d;
        d.enabled = enabled;
        d.suspended = suspended;
        d.updatedAt = QDateTime::currentDateTimeUtc();
        if (errorAfterUpdateSecs != 0)
            d.lastErrorAt = d.updatedAt.addSecs(errorAfterUpdateSecs);
        QCOMPARE(stateName(destinationState(d)), state);
    }

    void createTestUnsuspendDeleteRoundTrip()
    {
        fw::test::SandboxFixture ncm;
        QVERIFY(ncm.listening);
        OwnListener own;
        QVERIFY(own.start(DestinationService::generateSecret()));
        MemorySecretStore secrets;
        AuditLog audit;
        QCOMPARE(audit.open(m_dir.filePath(u"destinations.sqlite"_s)), QString());
        DestinationService service(ncm.client.get(), &secrets, &audit, u"bob"_s);
        service.setListenerHooks(own.hooks());
        service.watchArrivals(&own.store);

        // Create: our listener's secret is used and kept in the secret store.
        const DestinationOutcome created = wait([&](auto done) { service.create(u"NOC"_s, own.url(), this, done); });
        QVERIFY2(created.ok, qPrintable(created.error.sentence));
        const QString id = created.destination->id;
        QCOMPARE(secrets.secrets.value(DestinationService::secretKey(id)), own.secret);
        QCOMPARE(ncm.sandbox->engine().destinations().size(), 1);

        // Test: NCM accepts, and the signed test push arrives at our listener.
        QSignalSpy arrived(&service, &DestinationService::testPushArrived);
        const DestinationOutcome tested = wait([&](auto done) { service.test(id, this, done); });
        QVERIFY2(tested.ok, qPrintable(tested.error.sentence));
        QTRY_COMPARE_WITH_TIMEOUT(arrived.count(), 1, 10000);
        QCOMPARE(arrived.first().first().toString(), id);

        // Un-suspend a destination NCM suspended.
        fw::sandbox::FieldErrors errors;
        QVERIFY(ncm.sandbox->engine().updateDestination(id, QJsonObject{{u"suspended"_s, true}}, true, &errors));
        const DestinationOutcome resumed = wait([&](auto done) { service.unsuspend(id, this, done); });
        QVERIFY2(resumed.ok, qPrintable(resumed.error.sentence));
        QVERIFY(!resumed.destination->suspended);
        QCOMPARE(stateName(destinationState(*resumed.destination)), u"active"_s);

        std::optional<QList<fw::api::DestinationInfo>> listed;
        service.list(this, [&listed](const auto &list, const QString &) { listed = list; });
        QTRY_VERIFY(listed);
        QCOMPARE(listed->size(), 1);

        const DestinationOutcome deleted = wait([&](auto done) { service.remove(*resumed.destination, this, done); });
        QVERIFY2(deleted.ok, qPrintable(deleted.error.sentence));
        QVERIFY(ncm.sandbox->engine().destinations().isEmpty());
        QVERIFY(!secrets.secrets.contains(DestinationService::secretKey(id)));

        const QList<AuditEntry> entries = audit.entries();
        QStringList actions;
        for (const AuditEntry &entry : entries)
            actions.prepend(entry.action);
        QCOMPARE(actions, (QStringList{u"create destination"_s, u"test destination"_s, u"un-suspend destination"_s,
                                       u"delete destination"_s}));
        QCOMPARE(entries.last().after.value("authentication"_L1).toObject().value("secret"_L1).toString(), u"***"_s);
        QCOMPARE(entries.first().method, u"DELETE"_s);
    }

    void foreignDestinationGetsAGeneratedSecret()
    {
        fw::test::SandboxFixture ncm;
        MemorySecretStore secrets;
        DestinationService service(ncm.client.get(), &secrets, nullptr, u"bob"_s);
        const DestinationOutcome created = wait(
            [&](auto done) { service.create(u"Other"_s, QUrl(u"https://hooks.example.org/ncm"_s), this, done); });
        QVERIFY(created.ok);
        const QByteArray secret = secrets.secrets.value(DestinationService::secretKey(created.destination->id));
        QCOMPARE(secret.size(), 64);
    }

    void invalidDestinationIsAFieldError()
    {
        fw::test::SandboxFixture ncm;
        DestinationService service(ncm.client.get(), nullptr, nullptr, u"bob"_s);
        const DestinationOutcome created = wait(
            [&](auto done) { service.create(u""_s, QUrl(u"ftp://example.org"_s), this, done); });
        QVERIFY(!created.ok);
        QCOMPARE(created.error.status, 400);
        QStringList fields;
        for (const FieldIssue &issue : created.error.fields)
            fields.append(issue.field);
        QVERIFY(fields.contains(u"name"_s));
        QVERIFY(fields.contains(u"endpoint"_s));
    }

    void rotationAcceptsBothSecretsDuringChangeOver()
    {
        fw::test::SandboxFixture ncm;
        OwnListener own;
        const QByteArray oldSecret = DestinationService::generateSecret();
        QVERIFY(own.start(oldSecret));
        MemorySecretStore secrets;
        DestinationService service(ncm.client.get(), &secrets, nullptr, u"bob"_s);
        service.setListenerHooks(own.hooks());
        service.watchArrivals(&own.store);

        const DestinationOutcome created = wait([&](auto done) { service.create(u"NOC"_s, own.url(), this, done); });
        QVERIFY(created.ok);
        const QString id = created.destination->id;

        const DestinationOutcome rotated = wait([&](auto done) { service.rotateSecret(*created.destination, this, done); });
        QVERIFY2(rotated.ok, qPrintable(rotated.error.sentence));
        QVERIFY(service.isRotating(id));
        const QByteArray newSecret = secrets.secrets.value(DestinationService::secretKey(id));
        QVERIFY(newSecret != oldSecret);
        QCOMPARE(own.secret, newSecret);

        // During the change-over: NCM signs with the new secret, a late retry with the old.
        QSignalSpy arrived(&service, &DestinationService::testPushArrived);
        QVERIFY(wait([&](auto done) { service.test(id, this, done); }).ok);
        QTRY_COMPARE_WITH_TIMEOUT(arrived.count(), 1, 10000);
        QCOMPARE(pushSignedWith(own.url(), oldSecret, u"late_retry"_s), 200);
        QCOMPARE(pushSignedWith(own.url(), newSecret, u"fresh"_s), 200);

        // After it: only the new secret.
        QSignalSpy finished(&service, &DestinationService::rotationFinished);
        service.finishRotation(id);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(pushSignedWith(own.url(), oldSecret, u"too_late"_s), 403);
        QCOMPARE(pushSignedWith(own.url(), newSecret, u"fresh_again"_s), 200);
    }

    void failedRotationRestoresTheListener()
    {
        fw::test::SandboxFixture ncm;
        OwnListener own;
        const QByteArray oldSecret = DestinationService::generateSecret();
        QVERIFY(own.start(oldSecret));
        DestinationService service(ncm.client.get(), nullptr, nullptr, u"bob"_s);
        service.setListenerHooks(own.hooks());
        fw::api::DestinationInfo gone;
        gone.id = u"no-such-destination"_s;
        gone.url = own.url().toString();
        const DestinationOutcome rotated = wait([&](auto done) { service.rotateSecret(gone, this, done); });
        QVERIFY(!rotated.ok);
        QCOMPARE(rotated.error.status, 404);
        QCOMPARE(own.secret, oldSecret);
        QCOMPARE(pushSignedWith(own.url(), oldSecret, u"still_fine"_s), 200);
    }

    // A rule created through the editor's core makes the sandbox push matching events, and
    // they reach our listener and store; other types do not.
    void endToEndRulePushesMatchingEvents()
    {
        fw::test::SandboxFixture ncm;
        OwnListener own;
        QVERIFY(own.start(DestinationService::generateSecret()));
        DestinationService destinations(ncm.client.get(), nullptr, nullptr, u"bob"_s);
        destinations.setListenerHooks(own.hooks());
        const DestinationOutcome created = wait([&](auto done) { destinations.create(u"NOC"_s, own.url(), this, done); });
        QVERIFY(created.ok);

        RuleService rules(ncm.client.get(), nullptr, u"bob"_s);
        AlertRule rule;
        for (const fw::sandbox::Account &account : ncm.sandbox->fleet().accounts())
            rule.associatedAccounts.append(account.id);
        rule.types = {u"sim_door_event"_s};
        rule.httpDestinations = {created.destination->id};
        std::optional<SavePlan> plan;
        rules.prepareSave(rule, std::nullopt, this, [&plan](const SavePlan &p) { plan = p; });
        QTRY_VERIFY(plan);
        std::optional<WriteOutcome> written;
        rules.commit(*plan, this, [&written](const WriteOutcome &o) { written = o; });
        QTRY_VERIFY(written);
        QVERIFY2(written->ok, qPrintable(written->error.sentence));

        fw::sandbox::SimEvent matching{ncm.sandbox->clock().nowUs(), 0, u"sim_door_event"_s, u"SIM door opened"_s, {}};
        fw::sandbox::SimEvent other{ncm.sandbox->clock().nowUs(), 1, u"wwan_connected"_s, u"connected"_s, {}};
        ncm.sandbox->engine().raise(other);
        ncm.sandbox->engine().raise(matching);
        QTRY_COMPARE_WITH_TIMEOUT(own.store.events().size(), 1, 10000);
        QTest::qWait(100); // nothing else follows
        const QList<fw::store::Event> events = own.store.events();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().alert.type, u"sim_door_event"_s);
        QVERIFY(events.first().signatureVerified);
    }
};

QTEST_GUILESS_MAIN(TestDestinationService)
#include "tst_destinationservice.moc"
