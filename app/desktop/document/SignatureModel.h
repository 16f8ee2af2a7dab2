// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/verify/SignatureReport.h"

#include <QAbstractTableModel>
#include <QList>

namespace dms {

/** The signatures of a PDF as PadesVerifier judged them, one row each in file
 *  order: result (TOTAL_PASSED / INDETERMINATE / TOTAL_FAILED with the
 *  sub-indication), signer, signing time (local, marked when it is only the
 *  signer's claim), level and format; the errors and warnings as tool tip. */
class SignatureModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignatureModel)

public:
    enum Column { ResultColumn, SignerColumn, TimeColumn, LevelColumn, FormatColumn, ColumnCount };
    /** SignatureReport::Indication as int, for tests and colouring. */
    static constexpr int IndicationRole = Qt::UserRole + 1;

    explicit SignatureModel(QObject *parent = nullptr);
    ~SignatureModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setReports(const QList<SignatureReport> &reports);
    const QList<SignatureReport> &reports() const { return m_reports; }

private:
    QList<SignatureReport> m_reports;
};

} // namespace dms
