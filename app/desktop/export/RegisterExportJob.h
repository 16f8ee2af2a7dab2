// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Error.h"
#include "core/Result.h"

#include <QDate>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimeZone>

#include <atomic>
#include <functional>
#include <memory>

namespace dms {

class DeskReader;

/** What to export: one register's numbered entries registered between two
 *  local dates (both included), as CSV or JSON, into a file. */
struct RegisterExportRequest
{
    enum class Format { Csv, Json };

    Session session; ///< who exports: restricted entries only when it may read them
    QString registerId;
    QString registerCode; ///< named in the JSON
    QDate from;
    QDate to;
    QTimeZone timeZone; ///< of the dates and of the times written (the office's)
    Format format = Format::Csv;
    QString path;
};

/** What a run of RegisterExportJob ended with: `error.message` is empty on success. */
struct RegisterExportOutcome
{
    qint64 rows = 0;
    Error error;
};

/** Exports a register for a period from the desk's replica (DeskReader::periodPage,
 *  oldest first, in pages) on a worker thread, with progress and cancel.
 *
 *  CSV is RFC 4180 in UTF-8 (CsvWriter, the open-data writer) with a header row
 *  of stable column names; JSON is {"register", "from", "to", "entries": […]}.
 *  Restricted entries follow the register list's rule (DeskReader): left out
 *  unless the session may read restricted documents. The file is written
 *  through QSaveFile: it appears (or is replaced) only when the export
 *  succeeds, so a cancelled or failed export leaves nothing half-written.
 *
 *  Lives on the GUI thread; finished() is emitted exactly once per start(). The
 *  reader must outlive the job; destroying the job cancels and waits. */
class RegisterExportJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegisterExportJob)

public:
    /** Rows read per query (and per progress step). */
    static constexpr int kPageSize = 1000;
    using Progress = std::function<void(qint64 done, qint64 total)>;

    RegisterExportJob(DeskReader &reader, RegisterExportRequest request, QObject *parent = nullptr);
    ~RegisterExportJob() override;

    const RegisterExportRequest &request() const { return m_request; }
    bool isRunning() const;

    /** The export itself, on the calling thread: the number of entries written.
     *  InvalidInput for a bad request, Storage when the file cannot be written
     *  (its message names the path), Cancelled when `cancel` is set (checked
     *  before each page). */
    static Result<qint64> run(DeskReader &reader, const RegisterExportRequest &request,
                              const std::atomic_bool &cancel, const Progress &progress = {},
                              int pageSize = kPageSize);

public Q_SLOTS:
    /** Runs run() on the thread pool; ignored while running. A job once
     *  cancelled stays so: its next run ends Cancelled before any page. */
    void start();
    /** Thread-safe; the export stops before its next page with Cancelled. */
    void cancel();

Q_SIGNALS:
    void progress(int done, int total);
    /** `error` is empty (its message) on success; Cancelled after cancel(). */
    void finished(qint64 rows, const dms::Error &error);

private:
    DeskReader &m_reader;
    RegisterExportRequest m_request;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QFutureWatcher<RegisterExportOutcome> *m_watcher = nullptr;
};

} // namespace dms
