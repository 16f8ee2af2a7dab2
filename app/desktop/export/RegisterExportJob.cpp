// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/RegisterExportJob.h"

#include "core/Tr.h"
#include "desk/DeskReader.h"
#include "domain/Vocabulary.h"
#include "opendata/CsvWriter.h"
#include "opendata/JsonText.h"
#include "storage/Sql.h"

#include <QSaveFile>
#include <QtConcurrent>

namespace dms {

namespace {

const QList<QString> kColumns
    = {QStringLiteral("index"),        QStringLiteral("registered_at"), QStringLiteral("kind"),
       QStringLiteral("subject"),      QStringLiteral("correspondent"), QStringLiteral("channel"),
       QStringLiteral("access_level"), QStringLiteral("status"),        QStringLiteral("page_count")};

/** The values of an entry in kColumns' order; times in the office's zone with their offset. */
QStringList valuesOf(const DocumentSummary &entry, const QTimeZone &timeZone)
{
    return {entry.index,
            entry.registeredAt.toTimeZone(timeZone).toString(Qt::ISODate),
            entry.kind,
            entry.subject,
            entry.correspondentName,
            toName(entry.channel),
            toName(entry.accessLevel),
            toName(entry.status),
            QString::number(entry.pageCount)};
}

/** Writes the rows in one format; the file is QSaveFile's, committed by the caller. */
class Output
{
public:
    Output(QIODevice &device, const RegisterExportRequest &request)
        : m_device(device)
        , m_request(request)
        , m_csv(device)
    { }

    void begin()
    {
        if (m_request.format == RegisterExportRequest::Format::Csv) {
            for (const QString &column : kColumns)
                m_csv.addField(column);
            m_csv.endRow();
            return;
        }
        m_json += "{\"register\":";
        JsonText::appendString(m_json, m_request.registerCode);
        m_json += ",\"from\":";
        JsonText::appendString(m_json, m_request.from.toString(Qt::ISODate));
        m_json += ",\"to\":";
        JsonText::appendString(m_json, m_request.to.toString(Qt::ISODate));
        m_json += ",\"entries\":[";
    }

    void add(const DocumentSummary &entry)
    {
        const QStringList values = valuesOf(entry, m_request.timeZone);
        if (m_request.format == RegisterExportRequest::Format::Csv) {
            for (const QString &value : values)
                m_csv.addField(value);
            m_csv.endRow();
            return;
        }
        m_json += m_first ? "\n{" : ",\n{";
        m_first = false;
        for (qsizetype i = 0; i < kColumns.size(); ++i) {
            if (i > 0)
                m_json += ',';
            JsonText::appendString(m_json, kColumns.at(i));
            m_json += ':';
            if (kColumns.at(i) == QLatin1String("page_count"))
                m_json += values.at(i).toLatin1();
            else
                JsonText::appendString(m_json, values.at(i));
        }
        m_json += '}';
        if (m_json.size() >= 1024 * 1024)
            flushJson();
    }

    Status finish()
    {
        if (m_request.format == RegisterExportRequest::Format::Csv)
            return m_csv.finish();
        m_json += "\n]}\n";
        flushJson();
        if (m_failed)
            return makeError(ErrorCode::Storage, Tr::tr("The JSON file could not be written."),
                             m_device.errorString());
        return {};
    }

private:
    void flushJson()
    {
        if (!m_failed && m_device.write(m_json) != m_json.size())
            m_failed = true;
        m_json.resize(0);
    }

    QIODevice &m_device;
    const RegisterExportRequest &m_request;
    CsvWriter m_csv;
    QByteArray m_json;
    bool m_first = true;
    bool m_failed = false;
};

Error cancelled()
{
    return makeError(ErrorCode::Cancelled, Tr::tr("The export was cancelled."));
}

} // namespace

RegisterExportJob::RegisterExportJob(DeskReader &reader, RegisterExportRequest request, QObject *parent)
    : QObject(parent)
    , m_reader(reader)
    , m_request(std::move(request))
    , m_cancel(std::make_shared<std::atomic_bool>(false))
    , m_watcher(new QFutureWatcher<RegisterExportOutcome>(this))
{
    connect(m_watcher, &QFutureWatcherBase::finished, this, [this] {
        const RegisterExportOutcome outcome = m_watcher->result();
        Q_EMIT finished(outcome.rows, outcome.error);
    });
}

RegisterExportJob::~RegisterExportJob()
{
    if (m_watcher->isRunning()) {
        m_watcher->disconnect(this);
        cancel();
        m_watcher->waitForFinished();
    }
}

bool RegisterExportJob::isRunning() const
{
    return m_watcher->isRunning();
}

void RegisterExportJob::cancel()
{
    m_cancel->store(true);
}

void RegisterExportJob::start()
{
    if (isRunning())
        return;
    DeskReader *reader = &m_reader;
    m_watcher->setFuture(QtConcurrent::run([this, reader, request = m_request, cancel = m_cancel] {
        // Signals of a GUI-thread object emitted here reach its slots queued.
        const auto report = [this](qint64 done, qint64 total) {
            Q_EMIT progress(int(std::min<qint64>(done, INT_MAX)), int(std::min<qint64>(total, INT_MAX)));
        };
        auto rows = run(*reader, request, *cancel, report);
        RegisterExportOutcome outcome;
        if (rows)
            outcome.rows = *rows;
        else
            outcome.error = rows.error();
        return outcome;
    }));
}

Result<qint64> RegisterExportJob::run(DeskReader &reader, const RegisterExportRequest &request,
                                      const std::atomic_bool &cancel, const Progress &progress, int pageSize)
{
    if (request.registerId.isEmpty() || !request.from.isValid() || !request.to.isValid()
        || request.from > request.to)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("Choose a register and a period whose start is not"
                                " after its end."));
    if (request.path.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Choose the file to export to."));
    // [from 00:00, the day after to 00:00) local time: the dates the index shows.
    const QDateTime fromUtc = QDateTime(request.from, QTime(0, 0), request.timeZone).toUTC();
    const QDateTime toUtc = QDateTime(request.to.addDays(1), QTime(0, 0), request.timeZone).toUTC();
    auto total = reader.periodCount(request.session, request.registerId, fromUtc, toUtc);
    if (!total)
        return total.error();
    if (cancel.load())
        return cancelled();

    QSaveFile file(request.path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Storage,
                         Tr::tr("The file %1 cannot be written: %2").arg(request.path, file.errorString()),
                         file.errorString());
    Output output(file, request);
    output.begin();
    qint64 done = 0;
    std::optional<DeskPageStart> after;
    if (progress)
        progress(0, *total);
    for (;;) {
        if (cancel.load()) {
            file.cancelWriting();
            return cancelled();
        }
        auto page = reader.periodPage(request.session, request.registerId, fromUtc, toUtc, after, pageSize);
        if (!page) {
            file.cancelWriting();
            return page.error();
        }
        for (const DocumentSummary &entry : std::as_const(page->hits))
            output.add(entry);
        done += page->hits.size();
        if (progress)
            progress(done, std::max(done, *total));
        if (!page->hasMore || page->hits.isEmpty())
            break;
        const DocumentSummary &last = page->hits.constLast();
        after = DeskPageStart {Sql::toText(last.registeredAt), last.registrationId};
    }
    if (auto finished = output.finish(); !finished) {
        file.cancelWriting();
        return makeError(
            ErrorCode::Storage,
            Tr::tr("The file %1 cannot be written: %2").arg(request.path, finished.error().detail),
            finished.error().detail);
    }
    if (!file.commit())
        return makeError(ErrorCode::Storage,
                         Tr::tr("The file %1 cannot be written: %2").arg(request.path, file.errorString()),
                         file.errorString());
    return done;
}

} // namespace dms
