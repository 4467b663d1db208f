#include "alerts/alertlistview.h"

#include "alerts/acknowledgedialog.h"
#include "alerts/acknowledgementstore.h"
#include "alerts/alarmpolicy.h"
#include "alerts/alertfilterproxy.h"
#include "alerts/alertmodel.h"
#include "alerts/tableexport.h"
#include "ncm/catalogue.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

AlertListView::AlertListView(AlertModel *model, alerts::AcknowledgementStore *acks, alerts::AlarmPolicy *alarm,
                             QWidget *parent, Clock clock)
    : QWidget(parent)
    , m_model(model)
    , m_acks(acks)
    , m_alarm(alarm)
    , m_clock(std::move(clock))
{
    setObjectName(u"alertList"_s);
    if (!m_clock)
        m_clock = [] { return QDateTime::currentDateTimeUtc(); };

    m_proxy = new AlertFilterProxy(this);
    m_proxy->setSourceModel(m_model);
    m_view = new QTreeView(this);
    m_view->setObjectName(u"alertView"_s);
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AlertModel::TimeColumn, Qt::DescendingOrder);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->header()->setStretchLastSection(true);
    const std::array<std::pair<int, int>, 6> widths{{{AlertModel::TimeColumn, 150}, {AlertModel::SeverityColumn, 70},
                                                     {AlertModel::CategoryColumn, 100}, {AlertModel::TitleColumn, 200},
                                                     {AlertModel::RouterColumn, 100}, {AlertModel::MessageColumn, 260}}};
    for (const auto &[column, width] : widths)
        m_view->header()->resizeSection(column, width);
    connect(m_view, &QTreeView::activated, this, &AlertListView::activated);

    m_alarmBanner = new QLabel(this);
    m_alarmBanner->setObjectName(u"alarmBanner"_s);
    m_alarmBanner->setVisible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(createFilterBar());
    createActions();
    layout->addWidget(m_alarmBanner);
    layout->addWidget(m_view, 1);

    if (m_alarm) {
        connect(m_alarm, &alerts::AlarmPolicy::alarmingChanged, this, &AlertListView::updateAlarmBanner);
        connect(m_alarm, &alerts::AlarmPolicy::muteChanged, this, &AlertListView::updateAlarmBanner);
        connect(m_model, &AlertModel::criticalArrived, this, [this](const store::Event &event) {
            if (!m_acks || m_acks->state(event) == alerts::AckState::Unacknowledged)
                m_alarm->criticalRaised(event.seq);
        });
    }
    connect(m_model, &QAbstractItemModel::modelReset, this, &AlertListView::updateTimeFilter);
}

QWidget *AlertListView::createFilterBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(4, 4, 4, 0);

    m_search = new QLineEdit(bar);
    m_search->setObjectName(u"alertSearch"_s);
    m_search->setPlaceholderText(tr("Search alerts (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &AlertFilterProxy::setText);

    m_severity = new QComboBox(bar);
    m_severity->setObjectName(u"severityFilter"_s);
    m_severity->addItem(tr("All severities"), int(store::Severity::Info));
    m_severity->addItem(tr("Warning and critical"), int(store::Severity::Warning));
    m_severity->addItem(tr("Critical only"), int(store::Severity::Critical));
    connect(m_severity, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setMinimumSeverity(store::Severity(m_severity->currentData().toInt())); });

    m_category = new QComboBox(bar);
    m_category->setObjectName(u"categoryFilter"_s);
    m_category->addItem(tr("All categories"), QString());
    for (const QString &category : ncm::Catalogue::instance().categories())
        m_category->addItem(category, category);
    connect(m_category, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setCategory(m_category->currentData().toString()); });

    m_type = new QComboBox(bar);
    m_type->setObjectName(u"typeFilter"_s);
    m_type->setMinimumWidth(160);
    m_type->setMaximumWidth(260);
    m_type->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    fillTypes();
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] { m_proxy->setType(m_type->currentData().toString()); });

    m_router = new QLineEdit(bar);
    m_router->setObjectName(u"routerFilter"_s);
    m_router->setPlaceholderText(tr("Router"));
    m_router->setClearButtonEnabled(true);
    connect(m_router, &QLineEdit::textChanged, m_proxy, &AlertFilterProxy::setRouter);

    m_time = new QComboBox(bar);
    m_time->setObjectName(u"timeFilter"_s);
    m_time->addItems({tr("Any time"), tr("Last hour"), tr("Last 24 hours"), tr("Last 7 days")});
    connect(m_time, &QComboBox::currentIndexChanged, this, [this](int index) { setTimeRange(TimeRange(index)); });

    auto *unacked = new QCheckBox(tr("&Unacknowledged only"), bar);
    connect(unacked, &QCheckBox::toggled, m_proxy, &AlertFilterProxy::setHideAcknowledged);

    layout->addWidget(m_search, 2);
    for (QWidget *widget : std::initializer_list<QWidget *>{m_severity, m_category, m_type, m_router, m_time, unacked})
        layout->addWidget(widget);
    return bar;
}

void AlertListView::fillTypes()
{
    m_type->addItem(tr("All types"), QString());
    for (const ncm::AlertTypeInfo &info : ncm::Catalogue::instance().types())
        m_type->addItem(info.title + u" (" + info.type + u')', info.type);
}

QAction *AlertListView::makeAction(const QString &text, const QKeySequence &key, std::function<void()> slot)
{
    auto *action = new QAction(text, this);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, [slot = std::move(slot)] { slot(); });
    QWidget::addAction(action);
    return action;
}

void AlertListView::createActions()
{
    auto *toolbar = new QToolBar(this);
    toolbar->setObjectName(u"alertActions"_s);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(makeAction(tr("&Acknowledge…"), QKeySequence(Qt::CTRL | Qt::Key_K),
                                 [this] { acknowledgeSelected(alerts::AckKind::Acknowledge); }));
    toolbar->addAction(makeAction(tr("Acknowledge until &clear…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K),
                                 [this] { acknowledgeSelected(alerts::AckKind::UntilClear); }));
    toolbar->addAction(makeAction(tr("&Snooze…"), QKeySequence(Qt::CTRL | Qt::Key_J),
                                 [this] { acknowledgeSelected(alerts::AckKind::Snooze); }));
    toolbar->addSeparator();

    if (m_alarm) {
        auto *muteMenu = new QMenu(tr("&Mute alarm"), this);
        for (int hours : {1, 4, 8}) {
            QAction *mute = muteMenu->addAction(tr("For %n hour(s)", nullptr, hours));
            connect(mute, &QAction::triggered, m_alarm, [this, hours] { m_alarm->mute(hours); });
        }
        QAction *unmute = muteMenu->addAction(tr("&Unmute"));
        connect(unmute, &QAction::triggered, m_alarm, &alerts::AlarmPolicy::unmute);
        QAction *menuAction = muteMenu->menuAction();
        menuAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
        menuAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(menuAction, &QAction::triggered, this, [this, muteMenu] {
            muteMenu->popup(m_view->mapToGlobal(m_view->rect().center()));
        });
        QWidget::addAction(menuAction);
        toolbar->addAction(menuAction);
        qobject_cast<QToolButton *>(toolbar->widgetForAction(menuAction))->setPopupMode(QToolButton::InstantPopup);
    }
    toolbar->addAction(makeAction(tr("&Export…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), [this] { exportWithDialog(); }));
    makeAction(tr("Search"), QKeySequence::Find, [this] { m_search->setFocus(Qt::ShortcutFocusReason); });
    layout()->addWidget(toolbar);
}

void AlertListView::acknowledgeSelected(alerts::AckKind kind)
{
    const int count = int(m_view->selectionModel()->selectedRows().size());
    if (count == 0)
        return;
    AcknowledgeDialog dialog(kind, count, now(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    applyToSelected(kind, dialog.note(), dialog.snoozeUntil());
}

int AlertListView::applyToSelected(alerts::AckKind kind, const QString &note, const QDateTime &snoozeUntil)
{
    if (!m_acks)
        return 0;
    QList<store::Event> events;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        events.append(m_model->event(m_proxy->mapToSource(index).row()));

    int done = 0;
    for (const store::Event &event : std::as_const(events)) {
        const bool ok = kind == alerts::AckKind::Snooze       ? m_acks->snooze(event, snoozeUntil, note)
                        : kind == alerts::AckKind::UntilClear ? m_acks->acknowledgeUntilClear(event, note)
                                                              : m_acks->acknowledge(event, note);
        if (!ok)
            continue;
        ++done;
        if (m_alarm)
            kind == alerts::AckKind::Snooze ? m_alarm->snoozed(event.seq, snoozeUntil) : m_alarm->acknowledged(event.seq);
    }
    return done;
}

void AlertListView::selectRow(int proxyRow)
{
    const QModelIndex index = m_proxy->index(proxyRow, 0);
    m_view->setCurrentIndex(index);
    m_view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void AlertListView::setTimeRange(TimeRange range)
{
    m_timeRange = range;
    if (m_time->currentIndex() != int(range))
        m_time->setCurrentIndex(int(range));
    updateTimeFilter();
}

void AlertListView::updateTimeFilter()
{
    static constexpr std::array<qint64, 4> seconds{0, 3600, 24 * 3600, 7 * 24 * 3600};
    const qint64 span = seconds[size_t(m_timeRange)];
    // TODO: a custom from/to range in the toolbar; the proxy supports it already.
    m_proxy->setTimeRange(span ? now().addSecs(-span) : QDateTime(), {});
}

void AlertListView::updateAlarmBanner()
{
    const bool alarming = m_alarm->isAlarming();
    const bool muted = m_alarm->isMuted();
    m_alarmBanner->setVisible(alarming || muted);
    if (alarming)
        m_alarmBanner->setText(tr("⚠ ALARM: %n unacknowledged critical alert(s). Acknowledge (Ctrl+K) or mute (Ctrl+M).",
                                  nullptr, m_alarm->pendingCount()));
    else if (muted)
        m_alarmBanner->setText(tr("🔇 Alarm muted until %1.")
                                   .arg(QLocale().toString(m_alarm->mutedUntil().toLocalTime(), QLocale::ShortFormat)));
}

bool AlertListView::exportTo(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("Cannot write %1: %2.").arg(path, file.errorString());
        return false;
    }
    const bool json = path.endsWith(u".json"_s, Qt::CaseInsensitive);
    const bool ok = json ? alerts::TableExport::writeJson(*m_proxy, file, error)
                         : alerts::TableExport::writeCsv(*m_proxy, file, error);
    if (ok && !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2.").arg(path, file.errorString());
        return false;
    }
    return ok;
}

void AlertListView::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export alerts"), u"alerts.csv"_s,
                                                      tr("CSV (*.csv);;JSON (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTo(path, &error))
        QMessageBox::warning(this, tr("Export alerts"), error);
}

void AlertListView::activated(const QModelIndex &index)
{
    const QString router = index.data(AlertModel::RouterIdRole).toString();
    if (!router.isEmpty())
        Q_EMIT routerActivated(router);
}

void AlertListView::saveFilters() const
{
    QSettings settings;
    settings.beginGroup(u"alerts/filters"_s);
    settings.setValue(u"text"_s, m_search->text());
    settings.setValue(u"severity"_s, m_severity->currentIndex());
    settings.setValue(u"category"_s, m_category->currentData());
    settings.setValue(u"type"_s, m_type->currentData());
    settings.setValue(u"router"_s, m_router->text());
    settings.setValue(u"time"_s, m_time->currentIndex());
}

void AlertListView::restoreFilters()
{
    QSettings settings;
    settings.beginGroup(u"alerts/filters"_s);
    m_search->setText(settings.value(u"text"_s).toString());
    m_severity->setCurrentIndex(std::clamp(settings.value(u"severity"_s).toInt(), 0, m_severity->count() - 1));
    m_category->setCurrentIndex(std::max(0, m_category->findData(settings.value(u"category"_s).toString())));
    m_type->setCurrentIndex(std::max(0, m_type->findData(settings.value(u"type"_s).toString())));
    m_router->setText(settings.value(u"router"_s).toString());
    m_time->setCurrentIndex(std::clamp(settings.value(u"time"_s).toInt(), 0, m_time->count() - 1));
}

} // namespace fw::ui
