#include "detail/routerdetailwidget.h"

#include "alerts/alertfilterproxy.h"
#include "alerts/alertmodel.h"
#include "alerts/tableexport.h"
#include "common/theme.h"
#include "detail/zoomablechartview.h"
#include "history/downsampler.h"

#include <QAction>
#include <QAreaSeries>
#include <QButtonGroup>
#include <QChart>
#include <QDateTimeAxis>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {

constexpr double RsrpMin = -140;
constexpr double RsrpMax = -44;

QChart::ChartTheme chartTheme()
{
    switch (Theme::current()) {
    case ThemeKind::Light: return QChart::ChartThemeLight;
    case ThemeKind::HighContrast: return QChart::ChartThemeHighContrast;
    case ThemeKind::Dark: break;
    }
    return QChart::ChartThemeDark;
}

QChart *makeChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTheme(chartTheme());
    chart->setBackgroundBrush(Theme::colors().base);
    chart->setTitle(title);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    return chart;
}

QDateTimeAxis *makeTimeAxis(QChart *chart)
{
    auto *axis = new QDateTimeAxis(chart);
    axis->setFormat(u"dd MMM HH:mm"_s);
    axis->setTickCount(7);
    chart->addAxis(axis, Qt::AlignBottom);
    return axis;
}

QValueAxis *makeValueAxis(QChart *chart, const QString &title, double min, double max, Qt::Alignment side)
{
    auto *axis = new QValueAxis(chart);
    axis->setTitleText(title);
    axis->setRange(min, max);
    axis->setLabelFormat(u"%d"_s);
    chart->addAxis(axis, side);
    return axis;
}

QLineSeries *makeLine(QChart *chart, const QString &name, const QColor &color, QAbstractAxis *x, QAbstractAxis *y)
{
    auto *series = new QLineSeries(chart);
    series->setName(name);
    series->setPen(QPen(color, 1.6));
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
    return series;
}

template<typename Sample, typename Field>
QList<QPointF> toPoints(const QList<Sample> &samples, Field field)
{
    QList<QPointF> points;
    points.reserve(samples.size());
    for (const Sample &sample : samples) {
        const double value = sample.*field;
        if (!std::isnan(value))
            points.append({double(sample.atMs), value});
    }
    return points;
}

QString csvNumber(const QList<QPointF> &points, qsizetype &cursor, double x)
{
    while (cursor < points.size() && points[cursor].x() < x)
        ++cursor;
    return cursor < points.size() && points[cursor].x() == x ? QString::number(points[cursor].y()) : QString();
}

} // namespace

RouterDetailWidget::RouterDetailWidget(history::HistorySource *source, AlertModel *alerts, QWidget *parent, Clock clock)
    : QWidget(parent)
    , m_source(source)
    , m_clock(std::move(clock))
{
    setObjectName(u"routerDetail"_s);
    if (!m_clock)
        m_clock = [] { return QDateTime::currentDateTimeUtc(); };

    if (alerts) {
        m_alertProxy = new AlertFilterProxy(this);
        m_alertProxy->setSourceModel(alerts);
        m_alertProxy->setMinimumSeverity(store::Severity::Warning);
        m_alertProxy->setRouterId(u"\x01none"_s); // nothing until a router is chosen
    }

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(createIdentity());
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(createSidePanel());
    splitter->addWidget(createCharts());
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({380, 1100});
    layout->addWidget(splitter, 1);
    createShortcuts();

    connect(m_source, &history::HistorySource::loaded, this, &RouterDetailWidget::historyArrived);
    connect(m_source, &history::HistorySource::progress, this, &RouterDetailWidget::progressArrived);
    connect(&m_watcher, &QFutureWatcher<Points>::finished, this, &RouterDetailWidget::reduced);
    m_rereduce.setSingleShot(true);
    m_rereduce.setInterval(40);
    connect(&m_rereduce, &QTimer::timeout, this, &RouterDetailWidget::reduceVisible);
}

RouterDetailWidget::~RouterDetailWidget()
{
    m_watcher.waitForFinished();
}

QWidget *RouterDetailWidget::createIdentity()
{
    auto *box = new QWidget(this);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(tr("No router selected"), box);
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    m_title->setFont(font);
    m_identityText = new QLabel(box);
    m_identityText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_identityText->setObjectName(u"identity"_s);
    layout->addWidget(m_title);
    layout->addWidget(m_identityText, 1);
    return box;
}

QWidget *RouterDetailWidget::createSidePanel()
{
    auto *panel = new QWidget(this);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);

    m_states = new QTreeWidget(panel);
    m_states->setObjectName(u"stateHistory"_s);
    m_states->setHeaderLabels({tr("Time"), tr("State"), tr("Cause")});
    m_states->setRootIsDecorated(false);
    m_states->setUniformRowHeights(true);
    layout->addWidget(new QLabel(tr("State history"), panel));
    layout->addWidget(m_states, 1);

    if (m_alertProxy) {
        m_alerts = new QTreeView(panel);
        m_alerts->setObjectName(u"routerAlerts"_s);
        m_alerts->setModel(m_alertProxy);
        m_alerts->setRootIsDecorated(false);
        m_alerts->setUniformRowHeights(true);
        for (int column : {int(AlertModel::CategoryColumn), int(AlertModel::RouterColumn), int(AlertModel::MessageColumn)})
            m_alerts->setColumnHidden(column, true);
        layout->addWidget(new QLabel(tr("Warnings and critical alerts"), panel));
        layout->addWidget(m_alerts, 1);
    }
    return panel;
}

QWidget *RouterDetailWidget::createCharts()
{
    auto *panel = new QWidget(this);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(createRangeBar());
    setupSignalChart();
    setupBatteryChart();
    layout->addWidget(m_signalView, 3);
    layout->addWidget(m_batteryView, 2);
    return panel;
}

QWidget *RouterDetailWidget::createRangeBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *group = new QButtonGroup(bar);
    const std::array<std::pair<QString, Range>, 4> ranges{{{tr("&1 hour"), Range::LastHour},
                                                            {tr("&24 hours"), Range::LastDay},
                                                            {tr("&7 days"), Range::LastWeek},
                                                            {tr("C&ustom…"), Range::Custom}}};
    for (const auto &[text, range] : ranges) {
        auto *button = new QToolButton(bar);
        button->setText(text);
        button->setCheckable(range != Range::Custom);
        button->setChecked(range == m_range);
        group->addButton(button, int(range));
        layout->addWidget(button);
    }
    group->setExclusive(false);
    // The chosen range must read at a glance, not only by a faint sunken frame.
    bar->setStyleSheet(u"QToolButton:checked { background-color: palette(highlight); color: palette(highlighted-text); }"_s);
    connect(group, &QButtonGroup::idClicked, this, [this, group](int id) {
        for (QAbstractButton *button : group->buttons())
            button->setChecked(group->id(button) == id);
        Range(id) == Range::Custom ? chooseCustomRange() : setRange(Range(id));
    });

    m_progress = new QProgressBar(bar);
    m_progress->setObjectName(u"historyProgress"_s);
    m_progress->setMaximumWidth(160);
    m_progress->setVisible(false);
    m_status = new QLabel(bar);
    auto *exportButton = new QPushButton(tr("&Export…"), bar);
    connect(exportButton, &QPushButton::clicked, this, &RouterDetailWidget::exportWithDialog);
    layout->addWidget(m_progress);
    layout->addWidget(m_status, 1);
    layout->addWidget(new QLabel(tr("Wheel or +/− zooms, drag or ←/→ pans, 0 resets"), bar));
    layout->addWidget(exportButton);
    return bar;
}

void RouterDetailWidget::setupSignalChart()
{
    m_signalChart = makeChart(tr("Signal"));
    m_signalTime = makeTimeAxis(m_signalChart);
    QValueAxis *rsrpAxis = makeValueAxis(m_signalChart, tr("RSRP (dBm)"), RsrpMin, RsrpMax, Qt::AlignLeft);
    QValueAxis *dbAxis = makeValueAxis(m_signalChart, tr("RSRQ, SINR (dB)"), -25, 35, Qt::AlignRight);

    // Bands first, so the lines draw over them. Poor, fair, good by RSRP.
    const ThemeColors &colors = Theme::colors();
    const std::array<std::tuple<QString, QColor, double, double>, 3> bands{{
        {tr("Poor (below %1 dBm)").arg(history::SignalBands::RsrpFair), colors.critical, RsrpMin, history::SignalBands::RsrpFair},
        {tr("Fair"), colors.warning, history::SignalBands::RsrpFair, history::SignalBands::RsrpGood},
        {tr("Good (%1 dBm and above)").arg(history::SignalBands::RsrpGood), colors.ok, history::SignalBands::RsrpGood, RsrpMax},
    }};
    for (size_t i = 0; i < bands.size(); ++i) {
        const auto &[name, color, low, high] = bands[i];
        m_bandEdges[2 * i] = new QLineSeries(m_signalChart);
        m_bandEdges[2 * i + 1] = new QLineSeries(m_signalChart);
        auto *area = new QAreaSeries(m_bandEdges[2 * i + 1], m_bandEdges[2 * i]);
        area->setName(name);
        QColor fill = color;
        fill.setAlpha(38);
        area->setBrush(fill);
        area->setPen(Qt::NoPen);
        m_signalChart->addSeries(area);
        area->attachAxis(m_signalTime);
        area->attachAxis(rsrpAxis);
    }
    m_rsrp = makeLine(m_signalChart, tr("RSRP"), colors.accent, m_signalTime, rsrpAxis);
    m_rsrq = makeLine(m_signalChart, tr("RSRQ"), QColor::fromRgb(0xbc8cffu), m_signalTime, dbAxis);
    m_sinr = makeLine(m_signalChart, tr("SINR"), QColor::fromRgb(0x39c5cfu), m_signalTime, dbAxis);

    m_signalView = new ZoomableChartView(m_signalChart, this);
    m_signalView->setObjectName(u"signalChart"_s);
    m_signalView->setMinimumHeight(180);
    connect(m_signalView, &ZoomableChartView::resetRequested, this, &RouterDetailWidget::resetZoom);
}

void RouterDetailWidget::setupBatteryChart()
{
    m_batteryChart = makeChart(tr("Battery charge"));
    m_batteryTime = makeTimeAxis(m_batteryChart);
    QValueAxis *percent = makeValueAxis(m_batteryChart, tr("Charge (%)"), 0, 100, Qt::AlignLeft);
    m_battery = makeLine(m_batteryChart, tr("Charge"), Theme::colors().ok, m_batteryTime, percent);
    m_batteryView = new ZoomableChartView(m_batteryChart, this);
    m_batteryView->setObjectName(u"batteryChart"_s);
    m_batteryView->setMinimumHeight(120);
    connect(m_batteryView, &ZoomableChartView::resetRequested, this, &RouterDetailWidget::resetZoom);

    // Both charts show the same time span: zooming one moves the other.
    connect(m_signalTime, &QDateTimeAxis::rangeChanged, this, [this](const QDateTime &min, const QDateTime &max) {
        if (m_batteryTime->min() != min || m_batteryTime->max() != max)
            m_batteryTime->setRange(min, max);
        m_rereduce.start();
    });
    connect(m_batteryTime, &QDateTimeAxis::rangeChanged, this, [this](const QDateTime &min, const QDateTime &max) {
        if (m_signalTime->min() != min || m_signalTime->max() != max)
            m_signalTime->setRange(min, max);
    });
}

void RouterDetailWidget::createShortcuts()
{
    const std::array<std::pair<QKeySequence, Range>, 3> keys{{{QKeySequence(Qt::ALT | Qt::Key_H), Range::LastHour},
                                                              {QKeySequence(Qt::ALT | Qt::Key_D), Range::LastDay},
                                                              {QKeySequence(Qt::ALT | Qt::Key_W), Range::LastWeek}}};
    for (const auto &[key, range] : keys) {
        auto *action = new QAction(this);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, [this, range = range] { setRange(range); });
        addAction(action);
    }
}

void RouterDetailWidget::setRouter(const RouterIdentity &identity)
{
    m_identity = identity;
    m_title->setText(identity.name.isEmpty() ? identity.id : identity.name);
    QStringList parts{tr("ID %1").arg(identity.id)};
    const std::array<std::pair<QString, QString>, 7> fields{{{tr("State"), identity.state},
                                                             {tr("Product"), identity.product},
                                                             {tr("Serial"), identity.serialNumber},
                                                             {tr("MAC"), identity.mac},
                                                             {tr("IPv4"), identity.ipv4},
                                                             {tr("Carrier"), identity.carrier},
                                                             {tr("Group"), identity.group}}};
    for (const auto &[label, value] : fields) {
        if (!value.isEmpty())
            parts.append(label + u": "_s + value);
    }
    m_identityText->setText(parts.join(u"   "_s));
    if (m_alertProxy)
        m_alertProxy->setRouterId(identity.id);
    request();
}

void RouterDetailWidget::setRange(Range range)
{
    static constexpr std::array<qint64, 3> spans{3600, 24 * 3600, 7 * 24 * 3600};
    if (range == Range::Custom)
        return chooseCustomRange();
    m_range = range;
    m_to = now();
    m_from = m_to.addSecs(-spans[size_t(range)]);
    request();
}

void RouterDetailWidget::setCustomRange(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid() || from >= to) {
        m_status->setText(tr("The custom range must start before it ends."));
        return;
    }
    m_range = Range::Custom;
    m_from = from.toUTC();
    m_to = to.toUTC();
    request();
}

void RouterDetailWidget::chooseCustomRange()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Custom range"));
    auto *form = new QFormLayout(&dialog);
    auto *from = new QDateTimeEdit(now().toLocalTime().addDays(-3), &dialog);
    auto *to = new QDateTimeEdit(now().toLocalTime(), &dialog);
    from->setCalendarPopup(true);
    to->setCalendarPopup(true);
    form->addRow(tr("&From:"), from);
    form->addRow(tr("&To:"), to);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() == QDialog::Accepted)
        setCustomRange(from->dateTime(), to->dateTime());
}

void RouterDetailWidget::request()
{
    if (m_identity.id.isEmpty())
        return;
    if (!m_from.isValid())
        return setRange(m_range == Range::Custom ? Range::LastDay : m_range);

    ++m_generation;
    m_progress->setRange(0, 0); // busy until the source reports progress
    m_progress->setVisible(true);
    m_status->setText(tr("Loading history…"));
    m_source->request(m_generation, {m_identity.id, m_from, m_to});
}

void RouterDetailWidget::progressArrived(quint64 generation, int done, int total)
{
    if (generation != m_generation)
        return;
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
}

void RouterDetailWidget::historyArrived(quint64 generation, const history::RouterHistory &history)
{
    if (generation != m_generation || history.routerId != m_identity.id)
        return; // an answer to an older request

    Points points;
    points.generation = generation;
    points.rsrp = toPoints(history.signal, &history::SignalSample::rsrp);
    points.rsrq = toPoints(history.signal, &history::SignalSample::rsrq);
    points.sinr = toPoints(history.signal, &history::SignalSample::sinr);
    points.battery = toPoints(history.battery, &history::BatterySample::charge);
    points.states = history.states;
    m_status->setText(history.error);
    if (m_watcher.isRunning())
        m_watcher.waitForFinished(); // the older reduction is stale: its result is dropped below
    m_watcher.setFuture(QtConcurrent::run(&RouterDetailWidget::reduce, std::move(points), m_from.toMSecsSinceEpoch(),
                                          m_to.toMSecsSinceEpoch(), plotColumns()));
}

RouterDetailWidget::Points RouterDetailWidget::reduce(Points points, qint64 fromMs, qint64 toMs, int columns)
{
    const double from = double(fromMs);
    const double to = double(toMs);
    points.rsrpShown = history::Downsampler::minMax(points.rsrp, from, to, columns);
    points.rsrqShown = history::Downsampler::minMax(points.rsrq, from, to, columns);
    points.sinrShown = history::Downsampler::minMax(points.sinr, from, to, columns);
    points.batteryShown = history::Downsampler::minMax(points.battery, from, to, columns);
    return points;
}

void RouterDetailWidget::reduced()
{
    Points points = m_watcher.result();
    if (points.generation != m_generation)
        return;
    m_points = std::move(points);
    m_progress->setVisible(false);
    fillStates(m_points.states);
    resetZoom();
    showPoints();
    Q_EMIT historyLoaded();
}

void RouterDetailWidget::showPoints()
{
    m_rsrp->replace(m_points.rsrpShown);
    m_rsrq->replace(m_points.rsrqShown);
    m_sinr->replace(m_points.sinrShown);
    m_battery->replace(m_points.batteryShown);
    if (m_status->text().isEmpty() || m_status->text() == tr("Loading history…"))
        m_status->setText(m_points.rsrp.isEmpty() && m_points.battery.isEmpty() ? tr("No samples in this range.") : QString());
}

void RouterDetailWidget::resetZoom()
{
    m_signalTime->setRange(m_from.toLocalTime(), m_to.toLocalTime());
    updateBands(m_from.toMSecsSinceEpoch(), m_to.toMSecsSinceEpoch());
}

// After a zoom, a pan or live points: reduce what is visible again, from the full data.
void RouterDetailWidget::reduceVisible()
{
    const qint64 from = m_signalTime->min().toMSecsSinceEpoch();
    const qint64 to = m_signalTime->max().toMSecsSinceEpoch();
    m_points = reduce(std::move(m_points), from, to, plotColumns());
    updateBands(from, to);
    showPoints();
}

void RouterDetailWidget::updateBands(qint64 fromMs, qint64 toMs)
{
    const std::array<double, 4> edges{RsrpMin, history::SignalBands::RsrpFair, history::SignalBands::RsrpGood, RsrpMax};
    for (size_t band = 0; band < 3; ++band) {
        m_bandEdges[2 * band]->replace({QPointF(fromMs, edges[band]), QPointF(toMs, edges[band])});
        m_bandEdges[2 * band + 1]->replace({QPointF(fromMs, edges[band + 1]), QPointF(toMs, edges[band + 1])});
    }
}

void RouterDetailWidget::fillStates(const QList<history::StateChange> &states)
{
    m_states->clear();
    QList<QTreeWidgetItem *> items;
    for (auto it = states.crbegin(); it != states.crend(); ++it) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(it->atMs).toLocalTime();
        items.append(new QTreeWidgetItem(QStringList{AlertModel::shortTime(at), it->state, it->cause}));
    }
    m_states->addTopLevelItems(items);
}

void RouterDetailWidget::appendSignal(const QString &routerId, const history::SignalSample &sample)
{
    if (routerId != m_identity.id || m_watcher.isRunning())
        return; // TODO: keep live points that arrive while a reduction runs
    const double x = double(sample.atMs);
    for (auto [list, value] : {std::pair{&m_points.rsrp, sample.rsrp}, std::pair{&m_points.rsrq, sample.rsrq},
                               std::pair{&m_points.sinr, sample.sinr}}) {
        if (!std::isnan(value))
            list->append({x, value});
    }
    if (m_range != Range::Custom && sample.atMs > m_to.toMSecsSinceEpoch()) {
        m_to = QDateTime::fromMSecsSinceEpoch(sample.atMs, Qt::UTC);
        m_from = m_to.addSecs(-(m_range == Range::LastHour ? 3600 : m_range == Range::LastDay ? 86400 : 7 * 86400));
        resetZoom();
    }
    m_rereduce.start();
}

void RouterDetailWidget::appendBattery(const QString &routerId, const history::BatterySample &sample)
{
    if (routerId != m_identity.id || m_watcher.isRunning() || std::isnan(sample.charge))
        return;
    m_points.battery.append({double(sample.atMs), sample.charge});
    m_rereduce.start();
}

int RouterDetailWidget::plotColumns() const
{
    const int width = int(m_signalChart->plotArea().width());
    return width > 50 ? width : std::max(400, m_signalView->width());
}

bool RouterDetailWidget::isLoading() const
{
    return m_progress->isVisible();
}

qsizetype RouterDetailWidget::shownPoints(Series series) const
{
    switch (series) {
    case Series::Rsrp: return m_rsrp->count();
    case Series::Rsrq: return m_rsrq->count();
    case Series::Sinr: return m_sinr->count();
    case Series::Battery: break;
    }
    return m_battery->count();
}

qsizetype RouterDetailWidget::loadedPoints(Series series) const
{
    switch (series) {
    case Series::Rsrp: return m_points.rsrp.size();
    case Series::Rsrq: return m_points.rsrq.size();
    case Series::Sinr: return m_points.sinr.size();
    case Series::Battery: break;
    }
    return m_points.battery.size();
}

bool RouterDetailWidget::exportPng(const QString &path, QString *error) const
{
    QWidget *charts = m_signalView->parentWidget();
    if (charts->grab().save(path, "PNG"))
        return true;
    if (error)
        *error = tr("Cannot write the image %1.").arg(path);
    return false;
}

// One row per time stamp: the signal values and the battery charge at that time.
bool RouterDetailWidget::exportCsv(const QString &path, QString *error) const
{
    QList<double> times;
    for (const QList<QPointF> *list : {&m_points.rsrp, &m_points.rsrq, &m_points.sinr, &m_points.battery}) {
        for (const QPointF &point : *list)
            times.append(point.x());
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());

    QString text = u"time,rsrp_dbm,rsrq_db,sinr_db,battery_percent\r\n"_s;
    std::array<qsizetype, 4> cursors{};
    for (double x : std::as_const(times)) {
        const QString time = QDateTime::fromMSecsSinceEpoch(qint64(x), Qt::UTC).toString(Qt::ISODateWithMs);
        text += time + u',' + csvNumber(m_points.rsrp, cursors[0], x) + u',' + csvNumber(m_points.rsrq, cursors[1], x)
                + u',' + csvNumber(m_points.sinr, cursors[2], x) + u',' + csvNumber(m_points.battery, cursors[3], x) + u"\r\n"_s;
    }
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(text.toUtf8()) >= 0 && file.commit())
        return true;
    if (error)
        *error = tr("Cannot write %1: %2.").arg(path, file.errorString());
    return false;
}

void RouterDetailWidget::exportWithDialog()
{
    const QString base = m_identity.name.isEmpty() ? m_identity.id : m_identity.name;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export router history"), base + u".png"_s,
                                                      tr("PNG image (*.png);;CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    const bool ok = path.endsWith(u".csv"_s, Qt::CaseInsensitive) ? exportCsv(path, &error) : exportPng(path, &error);
    if (!ok)
        QMessageBox::warning(this, tr("Export router history"), error);
}

} // namespace fw::ui
