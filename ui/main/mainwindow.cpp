#include "main/mainwindow.h"

#include "common/uiversion.h"
#include "main/feedstatuswidget.h"
#include "main/shortcutsdialog.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {
constexpr int PollsPerRouterPerDay = 24 * 60; // polling each router once a minute
}

MainWindow::MainWindow(core::FeedMonitor *feed, QWidget *parent)
    : QMainWindow(parent)
    , m_feed(feed)
{
    setWindowTitle(tr("Fleetwall"));
    setObjectName(u"mainWindow"_s);
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
    auto *placeholder = new QLabel(tr("Waiting for the fleet…"), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);

    setupDocks();
    setupMenus();
    setupStatusBar();
    resize(1600, 1000);
    m_defaultState = saveState();
}

MainWindow::~MainWindow() = default;

void MainWindow::setupDocks()
{
    const std::array<std::pair<QString, QString>, size_t(Dock::Count)> names{{
        {tr("Status tiles"), u"tilesDock"_s},
        {tr("Alerts"), u"alertsDock"_s},
        {tr("Router detail"), u"detailDock"_s},
    }};
    for (size_t i = 0; i < names.size(); ++i) {
        auto *dock = new QDockWidget(names[i].first, this);
        dock->setObjectName(names[i].second);
        dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable
                          | QDockWidget::DockWidgetClosable);
        m_docks[i] = dock;
    }
    // Side docks take the full height; the detail dock sits under the map only.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, m_docks[size_t(Dock::Tiles)]);
    addDockWidget(Qt::RightDockWidgetArea, m_docks[size_t(Dock::Alerts)]);
    addDockWidget(Qt::BottomDockWidgetArea, m_docks[size_t(Dock::Detail)]);
}

void MainWindow::setupMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *exportView = file->addAction(tr("&Export map view as PNG…"));
    exportView->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(exportView, &QAction::triggered, this, &MainWindow::exportViewRequested);
    QAction *settings = file->addAction(tr("&Settings…"));
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    connect(settings, &QAction::triggered, this, &MainWindow::settingsRequested);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QMainWindow::close);

    setupViewMenu(menuBar()->addMenu(tr("&View")));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts = help->addAction(tr("&Keyboard shortcuts"));
    shortcuts->setShortcut(QKeySequence::HelpContents);
    connect(shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    QAction *about = help->addAction(tr("&About Fleetwall"));
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::setupViewMenu(QMenu *view)
{
    const std::array<QKeySequence, size_t(Dock::Count)> keys{
        QKeySequence(Qt::ALT | Qt::Key_1), QKeySequence(Qt::ALT | Qt::Key_2), QKeySequence(Qt::ALT | Qt::Key_3)};
    for (size_t i = 0; i < m_docks.size(); ++i) {
        QAction *toggle = m_docks[i]->toggleViewAction();
        toggle->setShortcut(keys[i]);
        view->addAction(toggle);
    }
    view->addSeparator();

    QMenu *themes = view->addMenu(tr("&Theme"));
    auto *group = new QActionGroup(this);
    for (ThemeKind kind : {ThemeKind::Dark, ThemeKind::Light, ThemeKind::HighContrast}) {
        QAction *action = themes->addAction(Theme::name(kind));
        action->setCheckable(true);
        action->setChecked(kind == Theme::current());
        action->setActionGroup(group);
        connect(action, &QAction::triggered, this, [this, kind] { applyTheme(kind); });
    }

    QAction *wall = view->addAction(tr("&Wall mode"));
    wall->setCheckable(true);
    wall->setShortcut(QKeySequence(Qt::Key_F11));
    connect(wall, &QAction::toggled, this, &MainWindow::setWallMode);
    connect(this, &MainWindow::wallModeChanged, wall, &QAction::setChecked);

    QAction *reset = view->addAction(tr("&Reset layout"));
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(reset, &QAction::triggered, this, &MainWindow::resetLayout);
}

void MainWindow::setupStatusBar()
{
    m_feedStatus = new FeedStatusWidget(m_feed, this);
    m_syncProgress = new QProgressBar(this);
    m_syncProgress->setMaximumWidth(220);
    m_syncProgress->setVisible(false);
    m_apiCost = new QLabel(this);
    m_apiCost->setObjectName(u"apiCost"_s);
    statusBar()->addWidget(m_feedStatus, 1);
    statusBar()->addPermanentWidget(m_syncProgress);
    statusBar()->addPermanentWidget(m_apiCost);
}

void MainWindow::setCentralView(QWidget *view)
{
    setCentralWidget(view);
}

void MainWindow::setDockContent(Dock dock, QWidget *content)
{
    m_docks[size_t(dock)]->setWidget(content);
}

QDockWidget *MainWindow::dock(Dock dock) const
{
    return m_docks[size_t(dock)];
}

void MainWindow::setSyncProgress(int done, int total, const QString &what)
{
    m_syncProgress->setVisible(total > 0 && done < total);
    m_syncProgress->setRange(0, std::max(total, 1));
    m_syncProgress->setValue(done);
    m_syncProgress->setFormat(tr("Sync: %1 %p%").arg(what));
}

void MainWindow::setApiCost(qint64 callsToday, int routerCount)
{
    const QLocale locale;
    const qint64 polling = qint64(routerCount) * PollsPerRouterPerDay;
    m_apiCost->setText(tr("API calls today: %1 (polling would cost %2)")
                           .arg(locale.toString(callsToday), locale.toString(polling)));
}

QList<QAction *> MainWindow::shortcutActions() const
{
    // Dock toggles live under their docks, which are children too: findChildren sees all.
    QList<QAction *> result;
    for (QAction *action : findChildren<QAction *>()) {
        if (!action->shortcut().isEmpty() && !result.contains(action))
            result.append(action);
    }
    return result;
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!settings.contains(u"window/geometry"_s)) {
        // First start: the map gets most of the screen, the docks a useful share of it.
        if (const QScreen *display = screen())
            resize(display->availableSize());
        setWindowState(windowState() | Qt::WindowMaximized);
        resizeDocks({m_docks[size_t(Dock::Tiles)], m_docks[size_t(Dock::Alerts)]}, {490, 620}, Qt::Horizontal);
        resizeDocks({m_docks[size_t(Dock::Detail)]}, {300}, Qt::Vertical);
        return;
    }
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"window/theme"_s, Theme::key(Theme::current()));
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultState);
    for (QDockWidget *dock : m_docks)
        dock->show();
}

void MainWindow::setWallMode(bool on)
{
    if (m_wallMode == on)
        return;
    m_wallMode = on;
    QFont font = QApplication::font();
    font.setPointSizeF(on ? font.pointSizeF() * 1.6 : QApplication::font().pointSizeF());
    setFont(on ? font : QApplication::font());
    menuBar()->setVisible(!on);
    on ? showFullScreen() : showNormal();
    Q_EMIT wallModeChanged(on);
}

void MainWindow::applyTheme(ThemeKind kind)
{
    Theme::apply(*qApp, kind);
    update();
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(shortcutActions(), this);
    dialog.exec();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Fleetwall"),
                       tr("<h3>Fleetwall %1</h3><p>A dashboard for NetCloud Manager router fleets, "
                          "driven by signed webhooks instead of polling.</p>"
                          "<p>Licensed under the GNU General Public License, version 3 or later. "
                          "Basemap data: Natural Earth (public domain).</p>")
                           .arg(applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

} // namespace fw::ui
