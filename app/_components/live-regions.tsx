'use client';

import { useState } from 'react';

/**
 * Messages for screen readers and sighted people alike: a polite status line for what just
 * happened, an alert for what failed. Both regions stay in the page so they are announced.
 */
export function useLiveMessages() {
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState('');
  return {
    status,
    problem,
    announce: (message: string) => {
      setProblem('');
      setStatus(message);
    },
    fail: (message: string) => {
      setStatus('');
      setProblem(message);
    },
  };
}

export function LiveRegions({ status, problem }: { status: string; problem: string }) {
  return (
    <div className="space-y-2">
      <p role="status" className={status ? 'rounded-md border border-green-300 bg-green-50 p-3 text-green-900' : 'sr-only'}>
        {status}
      </p>
      <p role="alert" className={problem ? 'rounded-md border border-red-300 bg-red-50 p-3 text-red-900' : 'sr-only'}>
        {problem}
      </p>
    </div>
  );
}
