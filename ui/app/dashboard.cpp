#include "app/dashboard.h"

#include "alerts/acknowledgementstore.h"
#include "alerts/alarmpolicy.h"
#include "alerts/alarmplayer.h"
#include "alerts/alertlistview.h"
#include "alerts/alertmodel.h"
#include "alerts/alerttray.h"
#include "api/fleetsync.h"
#include "api/headlesssync.h"
#include "core/feedmonitor.h"
#include "core/logging.h"
#include "detail/routerdetailwidget.h"
#include "fleet/fleetmodel.h"
#include "fleet/fleetstate.h"
#include "geo/geofence.h"
#include "geo/geofencemonitor.h"
#include "main/mainwindow.h"
#include "map/mapwidget.h"
#include "ncm/catalogue.h"
#include "rules/auditlog.h"
#include "rules/destinationservice.h"
#include "rules/ruleservice.h"
#include "rules/storeeventsource.h"
#include "rules/ruleseditor.h"
#include "api/secretstore.h"
#include "session/fleetmapsource.h"
#include "api/fleetstatesink.h"
#include "session/session.h"
#include "session/sessionhistorysource.h"
#include "settings/settingsdialog.h"
#include "store/dedup.h"
#include "store/sqliteeventstore.h"
#include "tiles/tileroles.h"
#include "tiles/tileview.h"

#include <QDialog>
#include <QDockWidget>
#include <QStatusBar>
#include <QDir>
#include <QFileDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {
constexpr int RecentAlerts = 5'000;

QString geofenceFile()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(u"geofences.json"_s);
}
} // namespace

Dashboard::Dashboard(session::Session *session, const core::AppSettings &settings, api::SecretStore *secrets,
                     QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_window(std::make_unique<MainWindow>(session->feed()))
    , m_history(std::make_unique<session::SessionHistorySource>(session->store(), session->catalogue(),
                                                                session->fleetState()))
    , m_alarm(std::make_unique<alerts::AlarmPolicy>())
    , m_fences(std::make_unique<geo::GeofenceSet>())
{
    m_session->acknowledgements()->setOperatorName(settings.operatorName);
    m_session->feed()->setSilenceThreshold(settings.silentFeedSeconds);
    setupViews();
    setupConnections();
    setupMenus();
    loadGeofences();
    loadRecentAlerts();
}

Dashboard::~Dashboard()
{
    saveGeofences();
}

void Dashboard::setupViews()
{
    m_map = new MapWidget(m_window.get());
    m_map->setDataSource(m_session->mapSource());
    m_map->setGeofences(m_fences.get());
    TileSettings tiles;
    tiles.enabled = m_settings.tilesEnabled;
    tiles.urlTemplate = m_settings.tileUrlTemplate;
    tiles.attribution = m_settings.tileAttribution;
    m_map->setTileSettings(tiles);
    m_window->setCentralView(m_map);

    m_tiles = new TileView(m_session->fleetModel(), TileRoles::forFleetModel(), m_session->acknowledgements(), m_window.get());
    m_window->setDockContent(MainWindow::Dock::Tiles, m_tiles);

    m_alertModel = new AlertModel(m_session->acknowledgements(), this);
    m_alertList = new AlertListView(m_alertModel, m_session->acknowledgements(), m_alarm.get(), m_window.get());
    m_alertList->restoreFilters();
    m_window->setDockContent(MainWindow::Dock::Alerts, m_alertList);

    m_detail = new RouterDetailWidget(m_history.get(), m_alertModel, m_window.get());
    m_window->setDockContent(MainWindow::Dock::Detail, m_detail);

    m_player = m_settings.soundEnabled ? new AlarmPlayer(m_alarm.get(), this) : nullptr;
    m_tray = new AlertTray(m_alertModel, m_session->acknowledgements(), this);
}

void Dashboard::setupConnections()
{
    connect(m_session->store(), &store::EventStore::eventsCommitted, m_alertModel, &AlertModel::addEvents);
    connect(m_map, &MapWidget::routerSelected, this, &Dashboard::selectRouter);
    connect(m_tiles, &TileView::routerActivated, this, &Dashboard::selectRouter);
    connect(m_alertList, &AlertListView::routerActivated, this, &Dashboard::selectRouter);
    connect(m_map, &MapWidget::geofenceCrossed, this, &Dashboard::recordCrossing);
    // Show the whole fleet once what is stored is rebuilt (a later sync fits again).
    connect(m_session->fleetState(), &fleet::FleetState::rebuilt, this, [this] {
        if (!m_fitted)
            m_fitted = m_map->fitToRouters();
    });
    connect(m_fences.get(), &geo::GeofenceSet::fenceAdded, this, &Dashboard::saveGeofences);
    connect(m_fences.get(), &geo::GeofenceSet::fenceChanged, this, &Dashboard::saveGeofences);
    connect(m_fences.get(), &geo::GeofenceSet::fenceRemoved, this, &Dashboard::saveGeofences);
    connect(m_window.get(), &MainWindow::wallModeChanged, m_tiles, &TileView::setWallMode);
    connect(m_window.get(), &MainWindow::exportViewRequested, this, &Dashboard::exportMapView);
    connect(m_window.get(), &MainWindow::settingsRequested, this, &Dashboard::editSettings);
    connect(m_tray, &AlertTray::activated, m_window.get(), [this] {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    });
    connect(m_session, &session::Session::syncProgress, m_window.get(),
            [this](int done, int total, const QString &stage) { m_window->setSyncProgress(done, total, stage); });
    connect(m_session, &session::Session::apiCallsChanged, m_window.get(), [this](qint64 calls) {
        m_window->setApiCost(calls, m_session->fleetState()->count());
    });
    connect(m_session, &session::Session::statusMessage, m_window.get(),
            [this](const QString &line) { m_window->statusBar()->showMessage(line, 8000); });
}

void Dashboard::setupMenus()
{
    QMenu *fleet = m_window->menuBar()->addMenu(tr("F&leet"));
    QAction *rules = fleet->addAction(tr("Alert &rules and destinations…"));
    rules->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(rules, &QAction::triggered, this, &Dashboard::openRuleEditor);
    QAction *follow = fleet->addAction(tr("&Follow the selected router"));
    follow->setCheckable(true);
    follow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(follow, &QAction::toggled, m_map, &MapWidget::setFollowSelected);
    QAction *fit = fleet->addAction(tr("Show the &whole fleet"));
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(fit, &QAction::triggered, m_map, &MapWidget::fitToRouters);
    QAction *find = fleet->addAction(tr("Focus the &map"));
    find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(find, &QAction::triggered, m_map, [this] { m_map->setFocus(); });
}

void Dashboard::show()
{
    m_window->restoreLayout();
    m_window->show();
}

void Dashboard::apiReady()
{
    api::HeadlessSync *api = m_session->api();
    if (!api)
        return;
    m_history->setClient(api->client());
    connect(api->sync(), &api::FleetSync::fullSyncFinished, this, [this](const QString &error) {
        if (error.isEmpty() && !m_fitted)
            m_fitted = m_map->fitToRouters();
    });
}

void Dashboard::loadRecentAlerts()
{
    store::EventQuery query;
    query.limit = RecentAlerts;
    m_session->store()->query(query, m_alertModel, [this](const store::QueryResult &result) {
        if (result.ok())
            m_alertModel->setInitialEvents(result.events);
        else
            m_window->statusBar()->showMessage(tr("Stored alerts could not be read: %1").arg(result.error));
    });
}

void Dashboard::selectRouter(const QString &routerId)
{
    const fleet::Router *router = m_session->fleetState()->router(routerId);
    if (!router)
        return;
    if (m_map->selectedRouter() != routerId)
        m_map->selectRouter(routerId);
    RouterIdentity identity;
    identity.id = router->id;
    identity.name = router->displayName();
    identity.serialNumber = router->serialNumber;
    identity.mac = router->mac;
    identity.product = router->productName;
    identity.group = router->groupName;
    identity.state = fleet::onlineStateName(router->state);
    identity.carrier = router->carrier;
    identity.ipv4 = router->ipv4Address;
    m_detail->setRouter(identity);
    m_window->dock(MainWindow::Dock::Detail)->show();
}

void Dashboard::recordCrossing(const geo::GeofenceCrossing &crossing)
{
    const bool enter = crossing.direction == geo::GeofenceCrossing::Direction::Enter;
    store::Event event;
    event.alert.type = enter ? u"fleetwall_geofence_enter"_s : u"fleetwall_geofence_exit"_s;
    event.alert.routerId = crossing.routerId;
    event.alert.detectedAt = crossing.at;
    event.alert.friendlyInfo = (enter ? tr("Entered geofence “%1” (seen by Fleetwall)")
                                      : tr("Left geofence “%1” (seen by Fleetwall)"))
                                   .arg(crossing.fenceName);
    QJsonObject info{{u"fence_id"_s, crossing.fenceId.toString(QUuid::WithoutBraces)},
                     {u"fence_name"_s, crossing.fenceName},
                     {u"latitude"_s, crossing.position.latitude()},
                     {u"longitude"_s, crossing.position.longitude()},
                     {u"local"_s, true}};
    event.alert.info = info;
    QJsonObject json{{u"type"_s, event.alert.type},
                     {u"router"_s, crossing.routerId},
                     {u"detected_at"_s, crossing.at.toString(Qt::ISODateWithMs)},
                     {u"friendly_info"_s, event.alert.friendlyInfo},
                     {u"info"_s, info}};
    event.alert.json = QJsonDocument(json).toJson(QJsonDocument::Compact);
    event.source = store::Source::Local;
    event.receivedAt = QDateTime::currentDateTimeUtc();
    m_session->catalogue().classify(event);
    event.dedupKey = store::dedupKey(event.alert);
    m_session->store()->append({event}, this, [this](const store::AppendResult &result) {
        if (!result.ok)
            m_window->statusBar()->showMessage(tr("Geofence event not stored: %1").arg(result.error));
    });
}

void Dashboard::exportMapView()
{
    const QString path = QFileDialog::getSaveFileName(m_window.get(), tr("Export map view"),
                                                      u"fleetwall-map.png"_s, tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_map->exportPng(path, &error))
        QMessageBox::warning(m_window.get(), tr("Export map view"), error);
}

void Dashboard::editSettings()
{
    SettingsDialog dialog(m_settings, m_window.get());
    if (m_secrets)
        dialog.setKeychainNotice(m_secrets->warning());
    if (dialog.exec() != QDialog::Accepted)
        return;
    QSettings settings;
    const QList<core::SettingError> errors = dialog.settings().save(settings);
    if (!errors.isEmpty()) {
        QMessageBox::warning(m_window.get(), tr("Settings"), errors.first().message);
        return;
    }
    m_settings = dialog.settings();
    m_session->acknowledgements()->setOperatorName(m_settings.operatorName);
    m_session->feed()->setSilenceThreshold(m_settings.silentFeedSeconds);
    // TODO: secrets typed in the dialog are not yet written to the keychain, and listener,
    // relay and API changes take effect at the next start; say so rather than pretend.
    m_window->statusBar()->showMessage(tr("Settings saved. Feed and API changes apply at the next start."), 8000);
}

void Dashboard::openRuleEditor()
{
    api::HeadlessSync *api = m_session->api();
    if (!api) {
        QMessageBox::information(m_window.get(), tr("Alert rules"),
                                 tr("The rule editor needs NCM API keys: add them in the settings."));
        return;
    }
    if (!m_audit) {
        m_audit = std::make_unique<rules::AuditLog>();
        const QString error = m_audit->open(m_session->store()->path());
        if (!error.isEmpty()) {
            QMessageBox::warning(m_window.get(), tr("Alert rules"), error);
            m_audit.reset();
            return;
        }
        const QString who = m_settings.operatorName.isEmpty() ? qEnvironmentVariable("USER") : m_settings.operatorName;
        m_ruleService = std::make_unique<rules::RuleService>(api->client(), m_audit.get(), who);
        m_destinationService =
            std::make_unique<rules::DestinationService>(api->client(), m_secrets, m_audit.get(), who);
        rules::ListenerHooks hooks;
        hooks.isOwnListener = [this](const QUrl &url) {
            const QUrl own = m_session->listenerUrl();
            const QUrl pub = m_settings.publicUrl;
            return (own.isValid() && url.adjusted(QUrl::StripTrailingSlash) == own.adjusted(QUrl::StripTrailingSlash))
                || (pub.isValid() && url.adjusted(QUrl::StripTrailingSlash) == pub.adjusted(QUrl::StripTrailingSlash));
        };
        hooks.currentSecret = [this] { return m_session->listenerSecret(); };
        hooks.acceptSecrets = [this](const QByteArray &current, const QByteArray &previous) {
            QString error;
            if (!m_session->setListenerSecrets(current, previous, &error))
                m_window->statusBar()->showMessage(error);
        };
        m_destinationService->setListenerHooks(hooks);
        m_destinationService->watchArrivals(m_session->store());
    }
    RulesEditorContext context;
    context.names.groups = m_session->syncSink()->groupNames();
    context.names.accounts = m_session->syncSink()->accountNames();
    for (int row = 0; row < m_session->fleetState()->count(); ++row) {
        const fleet::Router &router = m_session->fleetState()->at(row);
        context.scope.routerGroup.insert(router.id, router.groupId);
        context.scope.routerAccount.insert(router.id, router.accountId);
    }
    context.events = rules::storeEventSource(m_session->store());
    context.operatorName = m_settings.operatorName;

    QDialog dialog(m_window.get());
    dialog.setWindowTitle(tr("Alert rules and destinations"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *editor = new RulesEditor(m_ruleService.get(), m_destinationService.get(), m_audit.get(),
                                   m_session->catalogue(), context, &dialog);
    layout->addWidget(editor);
    dialog.resize(1100, 700);
    editor->reload();
    dialog.exec();
}

void Dashboard::loadGeofences()
{
    QString error;
    if (QFile::exists(geofenceFile()) && !m_fences->load(geofenceFile(), &error))
        m_window->statusBar()->showMessage(tr("Geofences not loaded: %1").arg(error), 10000);
}

void Dashboard::saveGeofences()
{
    // TODO: geofences live in a JSON file beside the database, not yet in the store itself.
    QString error;
    if (!m_fences->save(geofenceFile(), &error))
        qCWarning(lcUi) << "geofences not saved:" << error;
}

} // namespace fw::ui
