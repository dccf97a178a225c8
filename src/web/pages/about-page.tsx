// GET /about: what the site is, and how trending works, with the formula and its constants taken from
// src/core/trending.ts so the page cannot drift from the code.
import type { Context } from 'hono';
import {
  ARXIV_EPOCH_SECONDS,
  COMMENT_WEIGHT,
  HOTNESS_WINDOW_HOURS,
  pointsFactorForAge,
  TRENDING_WINDOW_DAYS,
} from '../../core/trending.ts';
import type { AppDeps } from '../deps.ts';
import { renderPage } from '../render-page.tsx';

// Ages shown in the example table, in hours.
const EXAMPLE_AGES: [hours: number, label: string][] = [
  [0, 'featured at the same time'],
  [12, '12 hours earlier'],
  [24, '1 day earlier'],
  [48, '2 days earlier'],
  [72, '3 days earlier'],
  [168, '1 week earlier'],
];
const EXAMPLE_POINTS = 10;

/** The points a paper featured `hours` earlier needs to rank level with one that has EXAMPLE_POINTS now. */
function pointsToKeepUp(hours: number): string {
  const needed = (1 + EXAMPLE_POINTS) * pointsFactorForAge(hours) - 1;
  return Math.round(needed).toLocaleString('en-US');
}

/** The about page handler. */
export function aboutPage(c: Context, deps: AppDeps): Promise<Response> {
  const site = deps.config.siteName;
  const epochDay = new Date(ARXIV_EPOCH_SECONDS * 1000).toISOString().slice(0, 10);
  return renderPage(
    c,
    deps,
    {
      title: `About ${site}`,
      description: `What ${site} is and how its trending list is ranked`,
      canonical: `${deps.config.baseUrl}/about`,
    },
    <article class="about">
      <h1>About {site}</h1>
      <p>
        {site} is a community site for discovering research papers. Every day it lists the new papers from arXiv, and people add the ones
        worth reading: they <a href="/submit">submit</a> papers to the daily page, upvote them and discuss them, with math written as LaTeX.
        The <a href="/papers">daily page</a> is what the community made of the day; <a href="/papers/trending">trending</a> is what it is
        reading across the last weeks. Upvotes and comment counts mirrored from Hugging Face's daily papers count alongside this site's own.
      </p>
      <p>
        Everything is also available as JSON: <a href="/api/daily_papers">/api/daily_papers</a> answers like Hugging Face's endpoint of the
        same name (<code>date</code>, <code>week</code>, <code>month</code>, <code>sort=trending</code>), so scripts written for it work
        here.
      </p>

      <h2 id="trending">How trending works</h2>
      <p>
        Trending ranks papers by their points, with newer papers weighing more, in the way of Hacker News, Reddit and Lobsters. A paper's
        points are its upvotes plus its comments, each comment counting{' '}
        {COMMENT_WEIGHT === 0.5 ? 'half an upvote' : `${COMMENT_WEIGHT} of an upvote`}: discussion is a sign of interest, but cheaper to
        produce than a vote. Its score is
      </p>
      <pre class="formula">
        <code>
          score = log10(1 + upvotes + {COMMENT_WEIGHT} × comments) + (featured − {epochDay}) / {HOTNESS_WINDOW_HOURS} hours
        </code>
      </pre>
      <p>
        where <em>featured</em> is when the paper was put on a daily page (else that day, else when arXiv published it), and {epochDay},
        arXiv's first day, is only a fixed starting point. The logarithm means the first votes count most: going from 10 to 100 points
        counts about as much as going from 100 to 1,000. The time term means that every {HOTNESS_WINDOW_HOURS} hours of age cost a paper a
        factor of ten in points (a day, a factor of {pointsFactorForAge(24).toFixed(1)}). For a paper featured now with {EXAMPLE_POINTS}{' '}
        points, an older one needs:
      </p>
      <table class="about-table">
        <thead>
          <tr>
            <th scope="col">featured</th>
            <th scope="col">points to rank level</th>
          </tr>
        </thead>
        <tbody>
          {EXAMPLE_AGES.map(([hours, label]) => (
            <tr>
              <td>{label}</td>
              <td>{pointsToKeepUp(hours)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Newer papers get a larger score rather than older ones being decayed, so a score never changes as time passes, only when the paper
        gets a vote or a comment. It is stored with the paper, updated by the very statement that records the vote, and indexed, so the
        trending list is read in order rather than computed for each visit. The <a href="/papers/trending">trending page</a> shows the
        papers featured in the last {TRENDING_WINDOW_DAYS} days; the Trending tab of a day, week or month ranks that period's papers the
        same way.
      </p>
    </article>,
  );
}
