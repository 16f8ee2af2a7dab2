// SPDX-License-Identifier: GPL-3.0-or-later
#include "cases/ResolutionListModel.h"

#include <QBrush>
#include <QLocale>

namespace dms {

ResolutionListModel::ResolutionListModel(UserNames userNames, QObject *parent)
    : QAbstractTableModel(parent)
    , m_userNames(std::move(userNames))
{ }

ResolutionListModel::~ResolutionListModel() = default;

void ResolutionListModel::setResolutions(const QList<Resolution> &resolutions, const QDate &asOf)
{
    beginResetModel();
    m_resolutions = resolutions;
    m_asOf = asOf;
    endResetModel();
}

const Resolution *ResolutionListModel::resolutionAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_resolutions.size())
        return nullptr;
    return &m_resolutions.at(index.row());
}

int ResolutionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_resolutions.size());
}

int ResolutionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ResolutionListModel::stateText(const Resolution &resolution) const
{
    if (resolution.isOverdue(m_asOf))
        return tr("Overdue by %n day(s)", nullptr, int(resolution.deadline.daysTo(m_asOf)));
    switch (resolution.status) {
    case ResolutionStatus::Open:
        return tr("Open");
    case ResolutionStatus::Done:
        return tr("Done");
    case ResolutionStatus::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

QVariant ResolutionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Resolution &resolution = m_resolutions.at(index.row());
    if (role == ResolutionIdRole)
        return resolution.id;
    if (role == Qt::ForegroundRole && resolution.isOverdue(m_asOf))
        return QBrush(Qt::darkRed);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case IndexColumn:
        return resolution.documentIndex;
    case InstructionColumn:
        return resolution.instruction;
    case ExecutorColumn: {
        QString text = m_userNames(resolution.executorId);
        if (!resolution.coExecutorIds.isEmpty())
            text += tr(" (+%n co-executor(s))", nullptr, int(resolution.coExecutorIds.size()));
        return text;
    }
    case DeadlineColumn:
        return resolution.deadline.isValid() ? QLocale().toString(resolution.deadline, QLocale::ShortFormat)
                                             : tr("none");
    case StateColumn:
        return stateText(resolution);
    default:
        return {};
    }
}

QVariant ResolutionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IndexColumn:
        return tr("Entry");
    case InstructionColumn:
        return tr("Instruction");
    case ExecutorColumn:
        return tr("Executor");
    case DeadlineColumn:
        return tr("Deadline");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

} // namespace dms
