#include "app/guiapp.h"

#include "api/apikeys.h"
#include "api/fleetsync.h"
#include "api/headlesssync.h"
#include "api/secretstore.h"
#include "api/webhooksetup.h"
#include "app/dashboard.h"
#include "common/theme.h"
#include "core/appsettings.h"
#include "core/terminationsignals.h"
#include "demo/sandboxprocess.h"
#include "fleet/fleetstate.h"
#include "http/httpserver.h"
#include "main/mainwindow.h"
#include "ncm/catalogue.h"
#include "api/fleetstatesink.h"
#include "session/session.h"
#include "store/sqliteeventstore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {

struct Options
{
    bool demo = false;
    int demoRouters = 250;
    double demoSpeed = 10.0;
    QString database;
    QString secretFile;
    QString apiKeysFile;
    QUrl apiBase;
    QString relayTokenFile;
    int selfTestSeconds = 0; // > 0: exit 0 once routers and events are shown, 1 on timeout
};

int fail(const QString &sentence)
{
    std::fprintf(stderr, "fleetwall: %s\n", qPrintable(sentence));
    return 2;
}

bool parse(QCommandLineParser &parser, const QApplication &app, Options *options, QString *error)
{
    parser.setApplicationDescription(QApplication::translate("main", "NOC dashboard for NetCloud Manager fleets."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {u"demo"_s, QApplication::translate("main", "Run against a local ncm-sandbox: no account, no internet.")},
        {u"demo-routers"_s, QApplication::translate("main", "Routers in the demo fleet (1-100000)."), u"N"_s, u"250"_s},
        {u"demo-speed"_s, QApplication::translate("main", "How much faster the demo fleet lives (1-1000)."), u"X"_s, u"10"_s},
        {u"db"_s, QApplication::translate("main", "Event database (default: in the data folder)."), u"FILE"_s},
        {u"secret-file"_s, QApplication::translate("main", "File holding the webhook secret."), u"FILE"_s},
        {u"api-keys-file"_s, QApplication::translate("main", "File with the four NCM API keys."), u"FILE"_s},
        {u"api-base"_s, QApplication::translate("main", "NCM API address."), u"URL"_s},
        {u"relay-token-file"_s, QApplication::translate("main", "File holding this dashboard's relay token (feed from a relay)."), u"FILE"_s},
        {u"headless"_s, QApplication::translate("main", "Receive and store webhooks without a window (see --headless --help).")},
        {u"self-test-seconds"_s, QApplication::translate("main", "Exit once routers and events are shown (for tests)."), u"S"_s},
    });
    parser.process(app);

    bool ok = true;
    options->demo = parser.isSet(u"demo"_s);
    options->demoRouters = parser.value(u"demo-routers"_s).toInt(&ok);
    if (!ok || options->demoRouters < 1 || options->demoRouters > 100'000) {
        *error = QApplication::translate("main", "--demo-routers takes a number from 1 to 100000.");
        return false;
    }
    options->demoSpeed = parser.value(u"demo-speed"_s).toDouble(&ok);
    if (!ok || options->demoSpeed < 1 || options->demoSpeed > 1000) {
        *error = QApplication::translate("main", "--demo-speed takes a number from 1 to 1000.");
        return false;
    }
    if (parser.isSet(u"self-test-seconds"_s)) {
        options->selfTestSeconds = parser.value(u"self-test-seconds"_s).toInt(&ok);
        if (!ok || options->selfTestSeconds < 1) {
            *error = QApplication::translate("main", "--self-test-seconds takes a positive number.");
            return false;
        }
    }
    options->database = parser.value(u"db"_s);
    options->secretFile = parser.value(u"secret-file"_s);
    options->apiKeysFile = parser.value(u"api-keys-file"_s);
    options->relayTokenFile = parser.value(u"relay-token-file"_s);
    if (parser.isSet(u"api-base"_s)) {
        options->apiBase = QUrl(parser.value(u"api-base"_s));
        if (!options->apiBase.isValid() || !options->apiBase.scheme().startsWith(u"http")) {
            *error = QApplication::translate("main", "--api-base must be an http or https URL.");
            return false;
        }
    }
    return true;
}

QByteArray readSecretFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QApplication::translate("main", "The secret file %1 cannot be read.").arg(path);
        return {};
    }
    const QByteArray secret = file.readAll().trimmed();
    if (secret.isEmpty())
        *error = QApplication::translate("main", "The secret file %1 is empty.").arg(path);
    return secret;
}

QByteArray placeholderSecret()
{
    // Until the webhook setup hands over the destination's secret nothing can verify.
    return QByteArray::number(QRandomGenerator::system()->generate64(), 16)
        + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
}

// Watches the window fill: used by the demo test and by the README's timing claim.
void armSelfTest(int seconds, session::Session *session, QElapsedTimer started)
{
    auto *timer = new QTimer(session);
    timer->setInterval(200);
    QObject::connect(timer, &QTimer::timeout, session, [=] {
        const int routers = session->fleetState()->count();
        const qint64 events = session->store()->maxSeq();
        if (routers > 0 && events > 0) {
            std::printf("fleetwall: self-test ready after %lld ms with %d routers and %lld events\n",
                        static_cast<long long>(started.elapsed()), routers, static_cast<long long>(events));
            std::fflush(stdout);
            QApplication::exit(0);
        } else if (started.elapsed() > seconds * 1000LL) {
            std::fprintf(stderr, "fleetwall: self-test timed out with %d routers and %lld events\n", routers,
                         static_cast<long long>(events));
            QApplication::exit(1);
        }
    });
    timer->start();
}

class DemoRunner final : public QObject
{
public:
    DemoRunner(session::Session *session, Dashboard *dashboard, api::SecretStore *secrets, const Options &options)
        : m_session(session)
        , m_dashboard(dashboard)
        , m_secrets(secrets)
    {
        connect(&m_sandbox, &demo::SandboxProcess::ready, this, &DemoRunner::sandboxReady);
        connect(&m_sandbox, &demo::SandboxProcess::failed, this, [this](const QString &reason) {
            m_dashboard->window()->statusBar()->showMessage(reason);
            std::fprintf(stderr, "fleetwall: %s\n", qPrintable(reason));
        });
        demo::SandboxProcess::Options sandbox;
        sandbox.routers = options.demoRouters;
        sandbox.speed = options.demoSpeed;
        sandbox.seed = 7;
        m_speed = options.demoSpeed;
        m_sandbox.start(sandbox);
    }

private:
    void sandboxReady(const QUrl &apiBase)
    {
        const api::ApiKeysResult keys = api::readApiKeysFile(m_sandbox.keysFile());
        if (!keys.keys) {
            m_dashboard->window()->statusBar()->showMessage(keys.error);
            return;
        }
        api::HeadlessSyncOptions options;
        options.apiBase = apiBase;
        options.clockSpeed = m_speed;
        options.stateFile = m_dir.filePath(u"api-state.ini"_s);
        m_session->startApi(*keys.keys, options);
        m_dashboard->apiReady();
        connect(m_session->api()->sync(), &api::FleetSync::fullSyncFinished, this, &DemoRunner::setupWebhook,
                Qt::SingleShotConnection);
    }

    void setupWebhook(const QString &error)
    {
        if (!error.isEmpty()) {
            m_dashboard->window()->statusBar()->showMessage(error);
            return;
        }
        api::WebhookSetupRequest request;
        request.destinationName = u"Fleetwall demo"_s;
        request.publicUrl = m_session->listenerUrl();
        request.rule.accountIds = m_session->syncSink()->accountNames().keys();
        if (!request.rule.accountIds.isEmpty())
            request.rule.accountId = request.rule.accountIds.first();
        for (const ncm::AlertTypeInfo &type : m_session->catalogue().types())
            request.rule.alertTypes.append(type.type);
        m_session->setupWebhook(request, m_secrets);
    }

    session::Session *m_session;
    Dashboard *m_dashboard;
    QTemporaryDir m_dir;
    api::SecretStore *m_secrets;
    demo::SandboxProcess m_sandbox;
    double m_speed = 1;
};

QString defaultDatabase()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(u"events.db"_s);
}

} // namespace

int runGui(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"fleetwall"_s);
    QApplication::setApplicationDisplayName(u"Fleetwall"_s);
    QApplication::setApplicationVersion(QStringLiteral(FLEETWALL_VERSION));
    QApplication::setOrganizationName(u"Fleetwall"_s);
    QApplication::setDesktopFileName(u"io.github.fleetwall.Fleetwall"_s);

    QCommandLineParser parser;
    Options options;
    QString error;
    if (!parse(parser, app, &options, &error))
        return fail(error);

    QSettings settings;
    QList<core::SettingError> problems;
    const core::AppSettings appSettings = core::AppSettings::load(settings, &problems);
    Theme::apply(app, Theme::fromKey(settings.value(u"window/theme"_s).toString()));

    QElapsedTimer started;
    started.start();
    QTemporaryDir demoDir;
    session::Session session;
    const QString database = options.demo ? demoDir.filePath(u"demo.db"_s)
                                          : (options.database.isEmpty() ? defaultDatabase() : options.database);
    if (!session.open(database, &error))
        return fail(error);

    ingest::ListenerConfig listener;
    listener.path = appSettings.listenPath;
    if (options.demo) {
        listener.address = QHostAddress(QHostAddress::LocalHost);
        listener.port = 0;
        listener.secret = placeholderSecret();
    } else {
        listener.address = QHostAddress(appSettings.listenAddress);
        listener.port = quint16(appSettings.listenPort);
        if (!appSettings.tlsCertFile.isEmpty()) {
            listener.tls = http::loadTlsConfiguration(appSettings.tlsCertFile, appSettings.tlsKeyFile, &error);
            if (!listener.tls)
                return fail(error);
        }
        listener.secret = options.secretFile.isEmpty() ? QByteArray() : readSecretFile(options.secretFile, &error);
        if (!error.isEmpty())
            return fail(error);
    }

    const bool relayFeed = !options.demo && appSettings.feedMode == core::AppSettings::FeedMode::Relay;
    QString relayToken;
    if (relayFeed) {
        // TODO: read the relay token from the keychain (SystemSecretStore) as the design asks;
        // until the settings dialog writes secrets there, it comes from an owner-only file.
        if (options.relayTokenFile.isEmpty())
            return fail(QApplication::translate("main", "The feed is a relay: start with --relay-token-file."));
        relayToken = QString::fromUtf8(readSecretFile(options.relayTokenFile, &error));
        if (!error.isEmpty())
            return fail(error);
    }

    // The demo keeps its secrets in its own temporary folder, never in the operator's keychain.
    std::unique_ptr<api::SecretStore> secrets;
    if (options.demo) {
        secrets = std::make_unique<api::FileSecretStore>(demoDir.filePath(u"secrets.json"_s));
    } else {
        const QString fallback = QDir(QFileInfo(database).absolutePath()).filePath(u"secrets.json"_s);
        secrets = std::make_unique<api::SystemSecretStore>(u"Fleetwall"_s, fallback, true);
    }
    Dashboard dashboard(&session, appSettings, secrets.get());
    if (relayFeed)
        session.startRelay(appSettings.relayUrl, relayToken);
    else if (!listener.secret.isEmpty() && !session.startListener(listener, &error))
        return fail(error);
    if (!relayFeed && listener.secret.isEmpty())
        dashboard.window()->statusBar()->showMessage(
            QApplication::translate("main", "No webhook secret: start with --secret-file or run --demo."));
    for (const core::SettingError &problem : problems)
        dashboard.window()->statusBar()->showMessage(problem.message, 10000);

    std::unique_ptr<DemoRunner> demo;
    if (options.demo) {
        demo = std::make_unique<DemoRunner>(&session, &dashboard, secrets.get(), options);
    } else if (!options.apiKeysFile.isEmpty()) {
        const api::ApiKeysResult keys = api::readApiKeysFile(options.apiKeysFile);
        if (!keys.keys)
            return fail(keys.error);
        api::HeadlessSyncOptions apiOptions;
        if (options.apiBase.isValid())
            apiOptions.apiBase = options.apiBase;
        session.startApi(*keys.keys, apiOptions);
        dashboard.apiReady();
    }
    if (options.selfTestSeconds > 0)
        armSelfTest(options.selfTestSeconds, &session, started);

    // SIGTERM or Ctrl+C close the window properly, so the demo's sandbox is stopped too.
    core::TerminationSignals termination;
    QObject::connect(&termination, &core::TerminationSignals::received, &app, &QApplication::quit);
    if (!termination.install(&error))
        dashboard.window()->statusBar()->showMessage(error);

    dashboard.show();
    const int code = QApplication::exec();
    demo.reset(); // stops the sandbox before the session closes the store
    return code;
}

} // namespace fw::ui
