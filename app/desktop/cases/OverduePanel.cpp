// SPDX-License-Identifier: GPL-3.0-or-later
#include "cases/OverduePanel.h"

#include "cases/ResolutionListModel.h"
#include "core/Clock.h"
#include "desk/DeskConnection.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace dms {

namespace {

constexpr int kExecutorRole = Qt::UserRole + 1;

} // namespace

OverduePanel::OverduePanel(DeskConnection &desk, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_reader(desk.local())
{
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("overdueTitle"));
    m_summary = new QTableWidget(0, 2, this);
    m_summary->setObjectName(QStringLiteral("overdueSummary"));
    m_summary->setHorizontalHeaderLabels({tr("Executor"), tr("Overdue")});
    m_summary->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_summary->setSelectionMode(QAbstractItemView::SingleSelection);
    m_summary->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_summary->verticalHeader()->hide();
    m_summary->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    connect(m_summary, &QTableWidget::currentCellChanged, this, &OverduePanel::showExecutor);

    m_model
        = new ResolutionListModel([&desk](const QString &id) { return desk.reader().userName(id); }, this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("overdueView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(ResolutionListModel::InstructionColumn,
                                                     QHeaderView::Stretch);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_summary);
    split->addWidget(m_view);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(split, 1);

    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(150);
    connect(m_reloadTimer, &QTimer::timeout, this, &OverduePanel::reload);
    connect(&desk, &DeskConnection::changesApplied, m_reloadTimer, qOverload<>(&QTimer::start));
    connect(&desk, &DeskConnection::sessionChanged, this, &OverduePanel::reload);
    reload();
}

OverduePanel::~OverduePanel() = default;

void OverduePanel::reload()
{
    const QString selected = m_summary->currentRow() >= 0
        ? m_summary->item(m_summary->currentRow(), 0)->data(kExecutorRole).toString()
        : QString();
    m_today = m_desk.clock().now().toTimeZone(m_desk.timeZone()).date();
    const Session &session = m_desk.session();
    auto overdue = session.isValid() ? m_reader.overdue(session, m_today)
                                     : Result<QList<Resolution>>(QList<Resolution>());
    m_overdue = overdue ? *overdue : QList<Resolution>();
    m_title->setText(overdue ? tr("Overdue on %1: %n resolution(s)", nullptr, int(m_overdue.size()))
                                   .arg(QLocale().toString(m_today, QLocale::ShortFormat))
                             : overdue.error().message);

    QList<std::pair<QString, int>> counts;
    for (const Resolution &resolution : std::as_const(m_overdue)) {
        auto it = std::find_if(counts.begin(), counts.end(),
                               [&](const auto &count) { return count.first == resolution.executorId; });
        if (it == counts.end())
            counts.append({resolution.executorId, 1});
        else
            ++it->second;
    }
    std::stable_sort(counts.begin(), counts.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    counts.append({QString(), int(m_overdue.size())});

    const QSignalBlocker blocker(m_summary);
    m_summary->setRowCount(int(counts.size()));
    int keep = int(counts.size()) - 1;
    for (int row = 0; row < counts.size(); ++row) {
        const auto &[executor, count] = counts.at(row);
        auto *name = new QTableWidgetItem(executor.isEmpty() ? tr("All executors")
                                                             : m_desk.reader().userName(executor));
        name->setData(kExecutorRole, executor);
        m_summary->setItem(row, 0, name);
        auto *number = new QTableWidgetItem(QString::number(count));
        number->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_summary->setItem(row, 1, number);
        if (executor == selected)
            keep = row;
    }
    m_summary->setCurrentCell(keep, 0);
    showExecutor();
}

void OverduePanel::showExecutor()
{
    const int row = m_summary->currentRow();
    const QString executor = row >= 0 ? m_summary->item(row, 0)->data(kExecutorRole).toString() : QString();
    QList<Resolution> shown;
    for (const Resolution &resolution : std::as_const(m_overdue)) {
        if (executor.isEmpty() || resolution.executorId == executor)
            shown.append(resolution);
    }
    m_model->setResolutions(shown, m_today);
}

} // namespace dms
