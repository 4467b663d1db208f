#pragma once

#include "common/theme.h"

#include <QMainWindow>

#include <array>

class QDockWidget;
class QLabel;
class QProgressBar;

namespace fw::core {
class FeedMonitor;
}

namespace fw::ui {

class FeedStatusWidget;

// The dashboard's frame: the map in the centre, the other views in docks the operator can
// rearrange, menus where every action has a shortcut, and the feed's state in the status bar.
// It knows nothing about the network or the database: the application fills the docks.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum class Dock { Tiles, Alerts, Detail, Count };

    explicit MainWindow(core::FeedMonitor *feed, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setCentralView(QWidget *view);
    void setDockContent(Dock dock, QWidget *content);
    QDockWidget *dock(Dock dock) const;
    FeedStatusWidget *feedStatus() const { return m_feedStatus; }

    // Sync progress in the status bar; total 0 hides the bar.
    void setSyncProgress(int done, int total, const QString &what);
    // API calls spent today beside what polling once a minute would have cost.
    void setApiCost(qint64 callsToday, int routerCount);

    QList<QAction *> shortcutActions() const;
    void restoreLayout();
    void setWallMode(bool on);
    bool isWallMode() const { return m_wallMode; }

Q_SIGNALS:
    void exportViewRequested();
    void settingsRequested();
    void wallModeChanged(bool on);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void setupDocks();
    void setupMenus();
    void setupViewMenu(QMenu *menu);
    void setupStatusBar();
    void applyTheme(ThemeKind kind);
    void showShortcuts();
    void showAbout();
    void resetLayout();
    void saveLayout() const;

    core::FeedMonitor *m_feed;
    FeedStatusWidget *m_feedStatus = nullptr;
    QLabel *m_apiCost = nullptr;
    QProgressBar *m_syncProgress = nullptr;
    std::array<QDockWidget *, size_t(Dock::Count)> m_docks{};
    QByteArray m_defaultState;
    bool m_wallMode = false;
};

} // namespace fw::ui
