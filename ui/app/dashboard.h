#pragma once

#include "core/appsettings.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace fw::alerts {
class AlarmPolicy;
}
namespace fw::geo {
class GeofenceSet;
struct GeofenceCrossing;
}
namespace fw::rules {
class AuditLog;
class DestinationService;
class RuleService;
}
namespace fw::api {
class SecretStore;
}
namespace fw::session {
class Session;
class SessionHistorySource;
}

namespace fw::ui {

class AlarmPlayer;
class AlertListView;
class AlertModel;
class AlertTray;
class MainWindow;
class MapWidget;
class RouterDetailWidget;
class TileView;

// The dashboard's window and views over a Session: the map in the centre, tiles, alerts and
// router detail in docks, one selection shared by all of them, and the rule editor and
// settings from the menus. It holds no state of its own beyond what the views show.
class Dashboard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Dashboard)

public:
    Dashboard(session::Session *session, const core::AppSettings &settings, api::SecretStore *secrets,
              QObject *parent = nullptr);
    ~Dashboard() override;

    MainWindow *window() const { return m_window.get(); }
    MapWidget *map() const { return m_map; }
    TileView *tiles() const { return m_tiles; }
    AlertListView *alertList() const { return m_alertList; }
    AlertModel *alertModel() const { return m_alertModel; }
    RouterDetailWidget *detail() const { return m_detail; }

    void show();
    void selectRouter(const QString &routerId);
    // Called once the API client exists, so history and the rule editor can use it.
    void apiReady();
    // Loads the latest stored alerts into the list (start, and after a long back-fill).
    void loadRecentAlerts();

private:
    void setupViews();
    void setupConnections();
    void setupMenus();
    void recordCrossing(const geo::GeofenceCrossing &crossing);
    void exportMapView();
    void editSettings();
    void openRuleEditor();
    void loadGeofences();
    void saveGeofences();

    session::Session *m_session;
    core::AppSettings m_settings;
    api::SecretStore *m_secrets;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<session::SessionHistorySource> m_history;
    std::unique_ptr<alerts::AlarmPolicy> m_alarm;
    std::unique_ptr<geo::GeofenceSet> m_fences;
    std::unique_ptr<rules::AuditLog> m_audit;
    std::unique_ptr<rules::RuleService> m_ruleService;
    std::unique_ptr<rules::DestinationService> m_destinationService;
    MapWidget *m_map = nullptr;
    TileView *m_tiles = nullptr;
    AlertModel *m_alertModel = nullptr;
    AlertListView *m_alertList = nullptr;
    RouterDetailWidget *m_detail = nullptr;
    AlarmPlayer *m_player = nullptr;
    AlertTray *m_tray = nullptr;
    bool m_fitted = false;
};

} // namespace fw::ui
