#include "tiles/tileview.h"

#include "alerts/acknowledgementstore.h"
#include "fleet/router.h"
#include "ncm/catalogue.h"
#include "tiles/tiledelegate.h"
#include "tiles/tilefilterproxy.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QResizeEvent>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {
constexpr double WallScale = 1.6;
}

TileView::TileView(QAbstractItemModel *fleet, const TileRoles &roles, alerts::AcknowledgementStore *acks, QWidget *parent)
    : QWidget(parent)
    , m_roles(roles)
{
    setObjectName(u"tileView"_s);
    m_proxy = new TileFilterProxy(roles, this);
    m_proxy->setSourceModel(fleet);
    m_delegate = new TileDelegate(roles, acks, this);

    m_list = new QListView(this);
    m_list->setObjectName(u"tileList"_s);
    m_list->setViewMode(QListView::ListMode);
    m_list->setFlow(QListView::LeftToRight);
    m_list->setWrapping(true);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setUniformItemSizes(true); // one size for 100,000 tiles: layout never asks the delegate per item
    m_list->setLayoutMode(QListView::Batched);
    m_list->setBatchSize(2000);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setItemDelegate(m_delegate);
    m_list->viewport()->installEventFilter(this);
    m_list->setModel(m_proxy);
    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        if (m_roles.routerId >= 0)
            Q_EMIT routerActivated(index.data(m_roles.routerId).toString());
    });
    if (acks) {
        connect(acks, &alerts::AcknowledgementStore::changed, m_list->viewport(), qOverload<>(&QWidget::update));
        connect(acks, &alerts::AcknowledgementStore::routerAlertsChanged, m_list->viewport(), qOverload<>(&QWidget::update));
    }

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_toolbar = createToolbar();
    layout->addWidget(m_toolbar);
    layout->addWidget(m_list, 1);

    m_pages.setInterval(15'000);
    connect(&m_pages, &QTimer::timeout, this, &TileView::nextPage);
    m_ages.setInterval(30'000); // "3 min ago" stays true without a model change
    connect(&m_ages, &QTimer::timeout, m_list->viewport(), qOverload<>(&QWidget::update));
    m_ages.start();
}

QWidget *TileView::createToolbar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(4, 4, 4, 0);

    auto *search = new QLineEdit(bar);
    search->setObjectName(u"tileSearch"_s);
    search->setPlaceholderText(tr("Filter routers: name, id, carrier, group"));
    search->setClearButtonEnabled(true);
    connect(search, &QLineEdit::textChanged, m_proxy, &TileFilterProxy::setText);

    auto *state = new QComboBox(bar);
    state->setObjectName(u"tileStateFilter"_s);
    state->addItem(tr("All states"), -1);
    for (fleet::OnlineState key : {fleet::OnlineState::Online, fleet::OnlineState::Offline, fleet::OnlineState::Initialized,
                                   fleet::OnlineState::Unknown})
        state->addItem(TileDelegate::stateText(key), int(key));
    connect(state, &QComboBox::currentIndexChanged, this, [this, state] { m_proxy->setState(state->currentData().toInt()); });

    m_group = new QComboBox(bar);
    m_group->setObjectName(u"tileGroupFilter"_s);
    setGroups({});
    connect(m_group, &QComboBox::currentIndexChanged, this, [this] { m_proxy->setGroup(m_group->currentData().toString()); });

    auto *category = new QComboBox(bar);
    category->setObjectName(u"tileCategoryFilter"_s);
    category->addItem(tr("All categories"), QString());
    for (const QString &name : ncm::Catalogue::instance().categories())
        category->addItem(name, name);
    connect(category, &QComboBox::currentIndexChanged, this, [this, category] { m_proxy->setCategory(category->currentData().toString()); });

    m_sort = new QComboBox(bar);
    m_sort->setObjectName(u"tileSort"_s);
    const std::array<std::pair<QString, TileFilterProxy::SortKey>, 8> keys{{
        {tr("Sort by name"), TileFilterProxy::SortKey::Name},
        {tr("Sort by state"), TileFilterProxy::SortKey::State},
        {tr("Sort by signal"), TileFilterProxy::SortKey::Signal},
        {tr("Sort by battery"), TileFilterProxy::SortKey::Battery},
        {tr("Sort by last event"), TileFilterProxy::SortKey::LastEvent},
        {tr("Sort by group"), TileFilterProxy::SortKey::Group},
        {tr("Sort by carrier"), TileFilterProxy::SortKey::Carrier},
        {tr("Sort by category"), TileFilterProxy::SortKey::Category},
    }};
    for (const auto &[text, key] : keys)
        m_sort->addItem(text, int(key));
    connect(m_sort, &QComboBox::currentIndexChanged, this, &TileView::applySort);

    m_order = new QToolButton(bar);
    m_order->setCheckable(true);
    m_order->setText(tr("Ascending"));
    m_order->setToolTip(tr("Reverse the order"));
    connect(m_order, &QToolButton::toggled, this, [this](bool descending) {
        m_order->setText(descending ? tr("Descending") : tr("Ascending"));
        applySort();
    });

    layout->addWidget(search, 2);
    for (QWidget *widget : std::initializer_list<QWidget *>{state, m_group, category, m_sort, m_order})
        layout->addWidget(widget);
    return bar;
}

void TileView::setGroups(const QStringList &groups)
{
    const QString current = m_group->currentData().toString();
    const QSignalBlocker blocker(m_group);
    m_group->clear();
    m_group->addItem(tr("All groups"), QString());
    for (const QString &group : groups)
        m_group->addItem(group, group);
    m_group->setCurrentIndex(std::max(0, m_group->findData(current)));
}

void TileView::applySort()
{
    m_proxy->sortBy(TileFilterProxy::SortKey(m_sort->currentData().toInt()),
                    m_order->isChecked() ? Qt::DescendingOrder : Qt::AscendingOrder);
}

void TileView::setWallMode(bool on)
{
    m_wallMode = on;
    m_toolbar->setVisible(!on);
    m_delegate->setScale(on ? WallScale : 1.0);
    m_delegate->fitWidth(m_list->viewport()->width(), m_list->spacing());
    m_list->setVerticalScrollBarPolicy(on ? Qt::ScrollBarAlwaysOff : Qt::ScrollBarAsNeeded);
    relayout();
    on ? m_pages.start() : m_pages.stop();
}

bool TileView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list->viewport() && event->type() == QEvent::Resize
        && m_delegate->fitWidth(static_cast<QResizeEvent *>(event)->size().width(), m_list->spacing()))
        QTimer::singleShot(0, this, &TileView::relayout); // not while the view handles its own resize
    return QWidget::eventFilter(watched, event);
}

void TileView::relayout()
{
    // The size hint changed for every item at once: make the view ask again.
    m_list->setUniformItemSizes(false);
    m_list->setUniformItemSizes(true);
    m_list->doItemsLayout();
    m_list->viewport()->update();
}

void TileView::setPageInterval(int seconds)
{
    m_pages.setInterval(std::max(1, seconds) * 1000);
}

// Whole rows of tiles per page, so a rotation never shows half a tile at the top.
int TileView::pageStep() const
{
    const int row = m_delegate->tileSize().height() + 2 * m_list->spacing();
    return std::max(1, m_list->viewport()->height() / row) * row;
}

int TileView::currentPage() const
{
    const int value = m_list->verticalScrollBar()->value();
    return (value + pageStep() - 1) / pageStep();
}

int TileView::pageCount() const
{
    const int maximum = m_list->verticalScrollBar()->maximum();
    return (maximum + pageStep() - 1) / pageStep() + 1;
}

void TileView::nextPage()
{
    QScrollBar *bar = m_list->verticalScrollBar();
    bar->setValue(bar->value() >= bar->maximum() ? 0 : std::min(bar->maximum(), bar->value() + pageStep()));
}

} // namespace fw::ui
