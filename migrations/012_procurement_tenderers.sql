-- Supplier pages count the processes in which a supplier bid (its win rate): find them by the bidder
-- lists of the compiled releases, tender/tenderers, with a containment query
-- (compiled -> 'tender' -> 'tenderers') @> '[{"id": "…"}]', which this index answers.
CREATE INDEX procurement_processes_tenderers ON procurement_processes
    USING gin ((compiled -> 'tender' -> 'tenderers') jsonb_path_ops);
