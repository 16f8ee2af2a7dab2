// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Resolution.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QList>

#include <functional>

namespace dms {

/** A list of resolutions (My tasks, the overdue list): the entry's index, the
 *  instruction, the executor, the deadline and the state. Rows whose deadline
 *  passed before asOf() are marked (red text, "Overdue"). User names come from
 *  the given function (id → display name). GUI thread. */
class ResolutionListModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResolutionListModel)

public:
    enum Column { IndexColumn, InstructionColumn, ExecutorColumn, DeadlineColumn, StateColumn, ColumnCount };
    static constexpr int ResolutionIdRole = Qt::UserRole + 1;

    using UserNames = std::function<QString(const QString &userId)>;

    explicit ResolutionListModel(UserNames userNames, QObject *parent = nullptr);
    ~ResolutionListModel() override;

    void setResolutions(const QList<Resolution> &resolutions, const QDate &asOf);
    const QList<Resolution> &resolutions() const { return m_resolutions; }
    QDate asOf() const { return m_asOf; }
    /** The resolution of a row; null for an invalid index. */
    const Resolution *resolutionAt(const QModelIndex &index) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString stateText(const Resolution &resolution) const;

    UserNames m_userNames;
    QList<Resolution> m_resolutions;
    QDate m_asOf;
};

} // namespace dms
